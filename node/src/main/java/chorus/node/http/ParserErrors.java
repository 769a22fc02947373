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
  private final ApiJsonResponses responses = new ApiJsonResponses(ApiJson.newMapper(), false);
  private final Ids ids = new Ids();

  @Override
  public HttpResponse handle(StatusCode status, ErrorInfo info, LoggingAdapter log, ServerSettings settings) {
    log.debug("request refused by the HTTP parser: {} {}", status.intValue(), info.formatPretty());
    String requestId = ids.next();
    return responses.error(ApiErrors.parserFailure(status.intValue(), status.reason()), requestId)
        .addHeaders(List.of(RawHeader.create(RequestIds.HEADER, requestId), RawHeader.create("X-Content-Type-Options", "nosniff")));
  }
}
