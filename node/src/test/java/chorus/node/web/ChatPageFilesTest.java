package chorus.node.web;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.node.testkit.NodeFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The chat page as a node serves it, without a browser: every file the page names (its
 * stylesheet, its script and each module that script imports, transitively) is there with a
 * type the browser accepts for it, and the page holds nothing the Content-Security-Policy would
 * block (inline script bodies, style attributes), so a broken reference fails here, not in a
 * person's browser.
 */
class ChatPageFilesTest {
  private static final Pattern PAGE_REFERENCE = Pattern.compile("(?:src|href)=\"(/static/[^\"]+)\"");
  private static final Pattern IMPORT = Pattern.compile("(?m)^(?:import|export) .* from '(\\.{1,2}/[^']+)';$");
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  @RegisterExtension
  static final NodeFixture node = NodeFixture.withAdmin();

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(node.node().baseUrl() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void thePageAndEveryFileItLoadsAreServedWithTheirTypes() throws Exception {
    HttpResponse<String> page = get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
    assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
        assertThat(csp).contains("default-src 'self'").doesNotContain("unsafe-inline"));
    assertThat(page.body()).as("no inline script bodies").doesNotContainPattern("<script[^>]*>\\s*[^<\\s]");
    assertThat(page.body()).as("no style attributes").doesNotContain(" style=");

    Deque<String> toFetch = new ArrayDeque<>();
    Matcher references = PAGE_REFERENCE.matcher(page.body());
    while (references.find()) {
      toFetch.add(references.group(1));
    }
    assertThat(toFetch).contains("/static/chat/app.js", "/static/chat/chat.css");
    Set<String> fetched = new HashSet<>();
    while (!toFetch.isEmpty()) {
      String path = toFetch.pop();
      if (!fetched.add(path)) {
        continue;
      }
      HttpResponse<String> file = get(path);
      assertThat(file.statusCode()).as(path).isEqualTo(200);
      String type = file.headers().firstValue("Content-Type").orElse("");
      if (path.endsWith(".js")) {
        assertThat(type).as(path).startsWith("application/javascript");
        Matcher imports = IMPORT.matcher(file.body());
        while (imports.find()) {
          toFetch.add(URI.create(path).resolve(imports.group(1)).getPath());
        }
      } else {
        assertThat(type).as(path).startsWith("text/css");
      }
    }
    assertThat(fetched).as("app.js and the modules it imports")
        .contains("/static/chat/api.js", "/static/chat/socket.js", "/static/chat/posts.js", "/static/common/dom.js",
            "/static/common/api.js");
  }

  @Test
  void aFileThatIsNotThereIsAnApiShaped404AndTheConsoleRoutesEveryPathToItsPage() throws Exception {
    HttpResponse<String> missing = get("/static/chat/missing.js");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(missing.body()).contains("\"status_code\":404");
    assertThat(get("/static/../application.conf").statusCode()).as("nothing outside web/").isEqualTo(404);

    HttpResponse<String> deepLink = get("/admin_console/environment/high_availability");
    assertThat(deepLink.statusCode()).isEqualTo(200);
    assertThat(deepLink.body()).contains("/static/admin_console/console.js");
  }
}
