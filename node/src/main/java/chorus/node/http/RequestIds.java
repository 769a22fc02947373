package chorus.node.http;

import chorus.protocol.ids.Ids;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/**
 * Gives each request a fresh id, carried as a request header so that error handling deep in
 * the route tree can put it in the body, and echoed as {@code X-Request-ID}. A client-supplied
 * value is replaced: request ids are ours, for our logs.
 */
public final class RequestIds {
  public static final String HEADER = "X-Request-ID";

  private final Ids ids;

  public RequestIds(Ids ids) {
    this.ids = ids;
  }

  public HttpRequest tag(HttpRequest request) {
    return request.removeHeader(HEADER).addHeader(RawHeader.create(HEADER, ids.next()));
  }
}
