package chorus.node.http;

import chorus.sharding.sessions.NodeSessions;
import chorus.sharding.sessions.SessionCheck;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.util.ByteString;

/**
 * Directives every API route file uses: authentication, JSON bodies with the payload limit,
 * and JSON replies. Route files extend it and only compose.
 */
public abstract class ApiDirectives extends AllDirectives {
  private static final long BODY_READ_TIMEOUT_MS = 10_000;

  protected final ApiJsonResponses responses;
  private final NodeSessions sessions;
  private final ReadYourWrites readYourWrites;
  private final ApiContext context;

  protected ApiDirectives(ApiContext context) {
    this.responses = context.responses();
    this.sessions = context.sessions();
    this.readYourWrites = context.readYourWrites();
    // MaximumPayloadSizeBytes and ExperimentalStrictCSRFEnforcement are read per request, so a reload applies them at once.
    this.context = context;
  }

  /** Runs {@code inner} with the caller's validated session; 401 without one. */
  protected Route authenticated(Function<Caller, Route> inner) {
    return extractRequest(request -> {
      Optional<SessionToken> token = SessionToken.find(request);
      if (token.isEmpty()) {
        return failWith(ApiException.sessionExpired());
      }
      return onSuccess(sessions.validate(token.get().token()), result -> {
        if (result instanceof SessionCheck.Valid valid) {
          Caller caller = caller(valid, token.get());
          checkCsrf(request, caller);
          return mayWrite(request) ? recordingWrite(caller.userId(), () -> inner.apply(caller)) : inner.apply(caller);
        }
        if (result instanceof SessionCheck.Unavailable unavailable) {
          return failWith(ApiException.unavailable(unavailable.reason()));
        }
        return failWith(ApiException.sessionExpired());
      });
    });
  }

  /**
   * For endpoints that work with or without a session (sign-up, logout): an absent or invalid
   * token means "anonymous", but an unavailable session store is still an error.
   */
  protected Route optionallyAuthenticated(Function<Optional<Caller>, Route> inner) {
    return extractRequest(request -> {
      Optional<SessionToken> token = SessionToken.find(request);
      if (token.isEmpty()) {
        return inner.apply(Optional.empty());
      }
      return onSuccess(sessions.validate(token.get().token()), result -> {
        if (result instanceof SessionCheck.Unavailable unavailable) {
          return failWith(ApiException.unavailable(unavailable.reason()));
        }
        if (result instanceof SessionCheck.Valid valid) {
          // A signed-in admin creating an account reads it back next: that counts as a write too.
          Optional<Caller> caller = Optional.of(caller(valid, token.get()));
          return mayWrite(request) ? recordingWrite(valid.session().userId(), () -> inner.apply(caller)) : inner.apply(caller);
        }
        return inner.apply(Optional.empty());
      });
    });
  }

  private Caller caller(SessionCheck.Valid valid, SessionToken token) {
    return new Caller(valid.session(), token.fromCookie(), readYourWrites.forUser(valid.session().userId()));
  }

  /**
   * Every method but GET and HEAD may write, except Mattermost's POSTs that only read a batch
   * ({@code /users/ids}, {@code /users/usernames}, {@code /users/status/ids}, {@code .../search}):
   * counting those would send their callers to the primary for nothing.
   */
  private static boolean mayWrite(HttpRequest request) {
    if (request.method().equals(HttpMethods.GET) || request.method().equals(HttpMethods.HEAD)) {
      return false;
    }
    String path = request.getUri().path();
    return !(request.method().equals(HttpMethods.POST)
        && (path.endsWith("/ids") || path.endsWith("/usernames") || path.endsWith("/search")));
  }

  /**
   * Runs {@code inner} and, before its response leaves, marks its user as having written
   * (whether the request succeeded or not: a failure may still have committed), so the user's
   * next reads on any node go to the primary. Marking waits for nothing.
   */
  private Route recordingWrite(String userId, Supplier<Route> inner) {
    return mapRouteResultFuture(outcome -> outcome.whenComplete((result, failure) -> readYourWrites.recordWrite(userId)), inner);
  }

  /** Paging as Mattermost reads it: page from 0, per_page defaulting to 60 and capped at 200. */
  protected Route paging(java.util.function.BiFunction<Integer, Integer, Route> inner) {
    return parameterOptional(org.apache.pekko.http.javadsl.unmarshalling.StringUnmarshallers.INTEGER, "page", page ->
        parameterOptional(org.apache.pekko.http.javadsl.unmarshalling.StringUnmarshallers.INTEGER, "per_page", perPage -> {
          int p = page.orElse(0);
          int n = perPage.orElse(60);
          if (p < 0 || n < 0) {
            return failWith(ApiException.invalidUrlParam(p < 0 ? "page" : "per_page"));
          }
          return inner.apply(p, Math.min(n, 200));
        }));
  }

  /**
   * Mattermost's CSRF rule: a cookie-authenticated request that changes state must carry the
   * session's CSRF token, or at least {@code X-Requested-With: XMLHttpRequest} unless strict
   * enforcement is on. Header-token requests cannot be forged by a browser and are exempt.
   */
  private void checkCsrf(HttpRequest request, Caller caller) {
    if (!caller.viaCookie() || request.method().equals(HttpMethods.GET)) {
      return;
    }
    Optional<String> csrf = request.getHeader("X-CSRF-Token").map(h -> h.value());
    if (csrf.isPresent()) {
      if (csrf.get().equals(caller.session().csrfToken())) {
        return;
      }
      throw ApiException.sessionExpired();
    }
    boolean xhr = request.getHeader("X-Requested-With").map(h -> "XMLHttpRequest".equalsIgnoreCase(h.value())).orElse(false);
    if (!xhr || context.config().serviceSettings().experimentalStrictCsrfEnforcement()) {
      throw ApiException.sessionExpired();
    }
  }

  /**
   * Reads the body as {@code type}, enforcing MaximumPayloadSizeBytes (413), strict JSON (400)
   * and no control characters but tab, newline and carriage return in any string (400).
   */
  protected <T> Route jsonBody(Class<T> type, Function<T, Route> inner) {
    return jsonBody(responses.mapper().getTypeFactory().constructType(type), inner);
  }

  /** A JSON array of {@code element}s; a {@code null} among them is a 400, as no route can use one. */
  protected <T> Route jsonList(Class<T> element, Function<List<T>, Route> inner) {
    return jsonBody(responses.mapper().getTypeFactory().constructCollectionType(List.class, element), (List<T> list) -> {
      if (list.contains(null)) {
        throw ApiException.invalidBody("null in the list");
      }
      return inner.apply(list);
    });
  }

  /** A JSON object whose values must all be strings, as Mattermost reads the login body. */
  protected Route jsonStringMap(Function<java.util.Map<String, String>, Route> inner) {
    return jsonBody(responses.mapper().getTypeFactory().constructMapType(java.util.Map.class, String.class, String.class), inner);
  }

  private <T> Route jsonBody(JavaType type, Function<T, Route> inner) {
    return rawBody(bytes -> {
      T value;
      try {
        byte[] json = bytes.toArray();
        Optional<String> control = ControlCharacters.find(responses.mapper().getFactory(), json);
        if (control.isPresent()) {
          throw ApiException.invalidBody("control character in " + (control.get().isEmpty() ? "the body" : control.get()));
        }
        value = responses.mapper().readValue(json, type);
      } catch (JsonProcessingException e) {
        throw ApiException.invalidBody(e.getOriginalMessage());
      } catch (java.io.IOException e) {
        throw ApiException.invalidBody(e.getMessage());
      }
      if (value == null) {
        throw ApiException.invalidBody("empty body");
      }
      return inner.apply(value);
    });
  }

  protected Route rawBody(Function<ByteString, Route> inner) {
    long maxPayloadBytes = context.config().serviceSettings().maximumPayloadSizeBytes();
    return extractRequestEntity(entity -> {
      if (entity.getContentLengthOption().isPresent() && entity.getContentLengthOption().getAsLong() > maxPayloadBytes) {
        return failWith(payloadTooLarge());
      }
      return extractMaterializer(mat -> onSuccess(
          entity.withSizeLimit(maxPayloadBytes).toStrict(BODY_READ_TIMEOUT_MS, mat)
              .exceptionally(e -> { throw ApiErrors.isSizeLimit(e) ? payloadTooLarge() : ApiException.invalidBody(e.getMessage()); }),
          strict -> inner.apply(strict.getData())));
    });
  }

  private ApiException payloadTooLarge() {
    long maxPayloadBytes = context.config().serviceSettings().maximumPayloadSizeBytes();
    return new ApiException(413, "api.context.request_body_too_large.app_error",
        "The request body is too large: the limit is " + maxPayloadBytes + " bytes.");
  }

  protected Route respond(int status, CompletionStage<?> body) {
    return completeWithFuture(body.thenApply(b -> responses.json(status, b)));
  }

  protected Route respondOk(CompletionStage<?> body) {
    return respond(200, body);
  }

  protected Route respondCreated(CompletionStage<?> body) {
    return respond(201, body);
  }

  protected Route respondWith(CompletionStage<HttpResponse> response) {
    return completeWithFuture(response);
  }

  /** A path id that must look like a Mattermost id; anything else is a 400 naming the parameter. */
  protected Route validId(String value, String name, Supplier<Route> inner) {
    if (!chorus.protocol.ids.Ids.isValid(value)) {
      return failWith(ApiException.invalidUrlParam(name));
    }
    return inner.get();
  }

  /**
   * A path user id: {@code me} or a Mattermost id. Checked before any lookup, as Mattermost's
   * {@code RequireUserId} does, so a malformed id is a 400 rather than a 403 or 404.
   */
  protected Route validUserId(String value, Supplier<Route> inner) {
    return "me".equals(value) ? inner.get() : validId(value, "user_id", inner);
  }
}
