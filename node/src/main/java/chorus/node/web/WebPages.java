package chorus.node.web;

import java.util.List;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The pages a person opens in a browser, served from the node's own classpath ({@code web/})
 * so that {@code bin/chorus run} needs no build step, no CDN and no network: the chat page at
 * {@code /} and the System Console at {@code /admin_console} (and every path under it, which the
 * console routes on the client). Everything else under {@code /static/} is a file of theirs.
 *
 * <p>The pages call the same {@code /api/v4} as any client, with the session cookie and the
 * {@code X-Requested-With} header the API's CSRF rule asks for; they hold no privilege of their
 * own. Responses forbid framing and inline scripts, and are revalidated on every load so that
 * a rolling upgrade is visible at the next reload.
 */
public final class WebPages extends AllDirectives {
  private static final String ROOT = "web";
  private static final List<RawHeader> HEADERS = List.of(
      RawHeader.create("Cache-Control", "no-cache"),
      RawHeader.create("X-Frame-Options", "DENY"),
      RawHeader.create("X-Content-Type-Options", "nosniff"),
      RawHeader.create("Referrer-Policy", "no-referrer"),
      RawHeader.create("Content-Security-Policy",
          "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'"));

  public Route routes() {
    return get(() -> mapResponse(WebPages::secured, () -> concat(
        pathSingleSlash(() -> getFromResource(ROOT + "/chat/index.html")),
        pathPrefix("admin_console", () -> getFromResource(ROOT + "/admin_console/index.html")),
        pathPrefix("static", () -> getFromResourceDirectory(ROOT)))));
  }

  private static HttpResponse secured(HttpResponse response) {
    return response.addHeaders(List.copyOf(HEADERS));
  }
}
