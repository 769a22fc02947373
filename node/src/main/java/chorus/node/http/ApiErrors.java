package chorus.node.http;

import chorus.persistence.datasources.DatabaseUnavailableException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.MalformedQueryParamRejection;
import org.apache.pekko.http.javadsl.server.MethodRejection;
import org.apache.pekko.http.javadsl.server.MissingQueryParamRejection;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.pattern.AskTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become Mattermost error bodies: typed {@link ApiException}s
 * keep their status and id, rejections map to 400/404/405/413, timeouts and overload to 503, and
 * anything else is a 500 whose details go to the log, not to the client.
 */
public final class ApiErrors extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

  private final ApiJsonResponses responses;

  public ApiErrors(ApiJsonResponses responses) {
    this.responses = responses;
  }

  public ExceptionHandler exceptionHandler() {
    return ExceptionHandler.newBuilder().matchAny(this::toRoute).build();
  }

  public RejectionHandler rejectionHandler() {
    return RejectionHandler.newBuilder()
        .handle(MissingQueryParamRejection.class, r -> toRoute(ApiException.invalidUrlParam(r.parameterName())))
        .handle(MalformedQueryParamRejection.class, r -> toRoute(ApiException.invalidUrlParam(r.parameterName())))
        .handleAll(MethodRejection.class, r -> toRoute(new ApiException(405, "api.context.405.app_error", "Method not allowed.")))
        .handleNotFound(toRoute(notFound()))
        .build()
        .withFallback(RejectionHandler.defaultHandler())
        .mapRejectionResponse(response -> response.entity().getContentType().mediaType().toString().equals("application/json")
            ? response
            : responses.error(forStatus(response.status().intValue(), response.status().reason()), ""));
  }

  /**
   * A refusal by Pekko's request parser ({@link ParserErrors}), before any route ran. Go's HTTP
   * server answers these for Mattermost in plain text, so Mattermost has no id for 431 or a
   * broken request line; they get the generic {@code invalid_param} id with the status's reason.
   */
  static ApiException parserFailure(int status, String reason) {
    return forStatus(status, reason);
  }

  private static ApiException forStatus(int status, String reason) {
    return switch (status) {
      case 413 -> bodyTooLarge();
      case 414 -> new ApiException(414, "api.context.url_too_long.app_error", "The URL is too long.");
      default -> new ApiException(status, "api.context.invalid_param.app_error", reason);
    };
  }

  private static ApiException bodyTooLarge() {
    return new ApiException(413, "api.context.request_body_too_large.app_error", "The request body is too large.");
  }

  public static ApiException notFound() {
    return ApiException.notFound("api.context.404.app_error", "Sorry, we could not find the page.");
  }

  private Route toRoute(Throwable failure) {
    ApiException error = classify(failure);
    return headerValueByName(RequestIds.HEADER, requestId -> complete(responses.error(error, requestId)));
  }

  static ApiException classify(Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause instanceof ApiException api) {
      return api;
    }
    if (isSizeLimit(cause)) {
      return bodyTooLarge();
    }
    // Overload (the persistence pool's queue is full) and timeouts are worth retrying: 503.
    // An unreachable database (e.g. the primary being switched by a reload) wrote nothing: retry.
    if (cause instanceof AskTimeoutException || cause instanceof TimeoutException || cause instanceof RejectedExecutionException
        || cause instanceof DatabaseUnavailableException) {
      return ApiException.unavailable(cause.getMessage());
    }
    log.error("request failed", cause);
    return new ApiException(500, "api.context.internal.app_error", "An internal error occurred.", cause.toString());
  }

  static boolean isSizeLimit(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof EntityStreamSizeException) {
        return true;
      }
    }
    return false;
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
