package chorus.node.http;

import chorus.node.metrics.NodeMetrics;
import chorus.node.metrics.RouteTemplates;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.Connection;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The whole HTTP surface under {@code /api/v4}: every API route file, wrapped once in request
 * ids, Mattermost's response headers, the rate limit and the error mapping, so no route repeats
 * them. The rate limit sits outside the error mapping so that its headers reach the 429 too.
 */
public final class ApiRoutes extends AllDirectives {
  private final List<Route> featureRoutes;
  private final ApiErrors errors;
  private final RequestIds requestIds;
  private final Supplier<String> versionHeader;
  private final IntSupplier maxUrlLength;
  private final BooleanSupplier draining;
  private final RateLimiting rateLimiting;
  private final NodeMetrics metrics;

  /**
   * @param versionHeader {@code X-Version-Id}, read per response: it holds the config hash, which changes with the configuration
   * @param maxUrlLength ServiceSettings.MaximumURLLength as it is now
   * @param draining true once the node is stopping: responses then close their connection
   */
  public ApiRoutes(List<Route> featureRoutes, ApiErrors errors, RequestIds requestIds, Supplier<String> versionHeader, IntSupplier maxUrlLength,
      BooleanSupplier draining, RateLimiting rateLimiting, NodeMetrics metrics) {
    this.metrics = metrics;
    this.rateLimiting = rateLimiting;
    this.maxUrlLength = maxUrlLength;
    this.draining = draining;
    this.featureRoutes = List.copyOf(featureRoutes);
    this.errors = errors;
    this.requestIds = requestIds;
    this.versionHeader = versionHeader;
  }

  public Route routes() {
    Route features = concat(featureRoutes.get(0), featureRoutes.subList(1, featureRoutes.size()).toArray(Route[]::new));
    Route api = pathPrefix("api", () -> pathPrefix("v4", () -> extractRequest(request ->
        request.getUri().toString().length() > maxUrlLength.getAsInt() ? failWith(urlTooLong()) : features)));
    // Made once: inside the lambda below they were rebuilt for every request, 3 % of the node's CPU under posts.
    ExceptionHandler exceptionHandler = errors.exceptionHandler();
    RejectionHandler rejectionHandler = errors.rejectionHandler();
    Route handled = rateLimiting.around(overLimit -> handleExceptions(exceptionHandler,
        () -> handleRejections(rejectionHandler, () -> overLimit ? failWith(RateLimiting.exceeded()) : api)));
    return mapRequest(requestIds::tag, () -> headerValueByName(RequestIds.HEADER, requestId -> extractRequest(request -> {
      long started = System.nanoTime();
      return mapResponse(response -> {
        int status = response.status().intValue();
        metrics.httpRequest(RouteTemplates.of(request.getUri().path(), status), request.method().name(), status,
            System.nanoTime() - started);
        return decorate(response, requestId, request.method().equals(HttpMethods.GET));
      }, () -> handled);
    })));
  }

  private ApiException urlTooLong() {
    return new ApiException(414, "api.context.url_too_long.app_error", "The URL is longer than the limit of " + maxUrlLength.getAsInt() + " characters.");
  }

  private HttpResponse decorate(HttpResponse response, String requestId, boolean get) {
    HttpResponse decorated = response.addHeaders(List.of(
        RawHeader.create(RequestIds.HEADER, requestId),
        RawHeader.create("X-Version-Id", versionHeader.get()),
        RawHeader.create("X-Content-Type-Options", "nosniff"),
        RawHeader.create("Referrer-Policy", "no-referrer")));
    if (draining.getAsBoolean()) {
      // A proxy keeps idle connections to its servers; closing each after its response while
      // the node drains leaves none for the proxy to reuse just as the port closes.
      decorated = decorated.addHeader(Connection.create("close"));
    }
    return get ? decorated.addHeader(RawHeader.create("Expires", "0")) : decorated;
  }
}
