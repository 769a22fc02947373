package chorus.node.http;

import chorus.protocol.ids.Ids;
import chorus.protocol.json.ApiJson;
import java.util.List;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.ParsingErrorHandler;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.scaladsl.model.ErrorInfo;
import org.apache.pekko.http.scaladsl.model.StatusCode;
import org.apache.pekko.http.scaladsl.settings.ServerSettings;

/**
 * Requests so malformed that no route ever sees them (a header over the parser's limit, a
 * broken request line, an unsupported method token) are answered by Pekko's parser itself, as
 * {@code text/plain} by default. Pekko builds this class by name from
 * {@code pekko.http.server.parsing.error-handler} (application.conf) so that those answers are
 * Mattermost error bodies too; which id goes with which status is decided in {@link ApiErrors}.
 *
 * <p>Pekko instantiates it without arguments, so it cannot see the node's config:
 * {@code detailed_error} stays empty here even in developer mode, and the parser's detail
 * goes to the log at debug level only.
 */
public final class ParserErrors extends ParsingErrorHandler {
  /**
   * Built once, on the first refused request. Pekko builds a handler for every connection, an
   * upgraded WebSocket's included, and keeps it as long as the connection: a mapper of its own
   * was about 12 % of an idle socket's heap (the live-allocation profile of scenario (b)).
   */
  private static final class Responses {
    static final ApiJsonResponses JSON = new ApiJsonResponses(ApiJson.newMapper(), false);
  }

  @Override
  public HttpResponse handle(StatusCode status, ErrorInfo info, LoggingAdapter log, ServerSettings settings) {
    log.debug("request refused by the HTTP parser: {} {}", status.intValue(), info.formatPretty());
    // A request id names a request in logs; it needs no secure generator.
    String requestId = Ids.unique();
    return Responses.JSON.error(ApiErrors.parserFailure(status.intValue(), status.reason()), requestId)
        .addHeaders(List.of(RawHeader.create(RequestIds.HEADER, requestId), RawHeader.create("X-Content-Type-Options", "nosniff")));
  }
}
