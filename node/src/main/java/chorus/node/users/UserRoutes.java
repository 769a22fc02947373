package chorus.node.users;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import chorus.node.http.ApiContext;
import chorus.node.http.ApiDirectives;
import chorus.node.http.SessionToken;
import chorus.protocol.api.CreateUserRequest;
import chorus.protocol.api.PatchUserRequest;
import chorus.protocol.api.StatusOk;
import chorus.protocol.api.UpdateActiveRequest;
import chorus.protocol.api.UpdatePasswordRequest;
import chorus.protocol.api.UpdateRolesRequest;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.http.javadsl.unmarshalling.StringUnmarshallers;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code /users}: sign-up, login, logout, user lookups, profile changes, and password, activation and role changes. */
public final class UserRoutes extends ApiDirectives {
  private final UserService users;
  private final AccountChanges accounts;
  private final ProfileChanges profiles;
  private final Duration sessionLength;

  public UserRoutes(ApiContext context, UserService users, AccountChanges accounts, ProfileChanges profiles) {
    super(context);
    this.profiles = profiles;
    this.users = users;
    this.accounts = accounts;
    this.sessionLength = Duration.ofHours(context.config().serviceSettings().sessionLengthWebInHours());
  }

  public Route routes() {
    return pathPrefix("users", () -> concat(
        pathEnd(() -> concat(
            post(() -> optionallyAuthenticated(caller -> jsonBody(CreateUserRequest.class, body ->
                respondCreated(users.create(body, caller))))),
            get(() -> authenticated(caller -> paging((page, perPage) -> respondOk(users.list(caller, page, perPage))))))),
        path("login", () -> post(() -> extractRequest(request -> jsonStringMap(body ->
            respondWith(users.login(body).thenApply(result -> loggedIn(request, result))))))),
        path("logout", () -> post(() -> extractRequest(request ->
            respondWith(users.logout(SessionToken.find(request).map(SessionToken::token)).thenApply(done -> loggedOut()))))),
        path("ids", () -> post(() -> authenticated(caller -> parameterOptional(StringUnmarshallers.LONG, "since", since ->
            jsonList(String.class, ids -> respondOk(users.getByIds(caller, ids, since.orElse(0L)))))))),
        path(segment(), userId -> concat(
            get(() -> validUserId(userId, () -> authenticated(caller -> respondOk(users.get(caller, caller.resolve(userId)))))),
            put(() -> validUserId(userId, () -> authenticated(caller -> jsonBody(PatchUserRequest.class, body ->
                respondOk(profiles.update(caller, caller.resolve(userId), body)))))))),
        // Ids are checked inside each path: /users/status/ids and others belong to other route sets.
        pathPrefix(segment(), userId -> concat(
            path("patch", () -> put(() -> validUserId(userId, () -> authenticated(caller -> jsonBody(PatchUserRequest.class, body ->
                respondOk(profiles.patch(caller, caller.resolve(userId), body))))))),
            path("password", () -> put(() -> validUserId(userId, () -> authenticated(caller -> jsonBody(UpdatePasswordRequest.class, body ->
                respondOk(accounts.changePassword(caller, caller.resolve(userId), body).thenApply(done -> StatusOk.OK))))))),
            path("active", () -> put(() -> validUserId(userId, () -> authenticated(caller -> jsonBody(UpdateActiveRequest.class, body ->
                respondOk(accounts.setActive(caller, caller.resolve(userId), body).thenApply(done -> StatusOk.OK))))))),
            path("roles", () -> put(() -> validUserId(userId, () -> authenticated(caller -> jsonBody(UpdateRolesRequest.class, body ->
                respondOk(accounts.setRoles(caller, caller.resolve(userId), body).thenApply(done -> StatusOk.OK)))))))))));
  }

  /**
   * The session token goes back in the {@code Token} header (header clients) and, for browser
   * requests, in Mattermost's three cookies.
   */
  private HttpResponse loggedIn(HttpRequest request, LoginResult result) {
    HttpResponse response = responses.ok(result.user()).addHeader(RawHeader.create("Token", result.session().token()));
    boolean browser = request.getHeader("X-Requested-With").map(h -> "XMLHttpRequest".equalsIgnoreCase(h.value())).orElse(false);
    if (!browser) {
      return response;
    }
    boolean secure = "https".equals(request.getUri().scheme())
        || request.getHeader("X-Forwarded-Proto").map(h -> "https".equalsIgnoreCase(h.value())).orElse(false);
    long maxAge = sessionLength.toSeconds();
    return response.addHeaders(List.of(
        cookie(SessionToken.COOKIE, result.session().token(), maxAge, true, secure),
        cookie("MMUSERID", result.user().id(), maxAge, false, secure),
        cookie("MMCSRF", result.session().csrfToken(), maxAge, false, secure)));
  }

  private HttpResponse loggedOut() {
    return responses.ok(StatusOk.OK).addHeaders(List.of(
        cookie(SessionToken.COOKIE, "", 0, true, false),
        cookie("MMUSERID", "", 0, false, false),
        cookie("MMCSRF", "", 0, false, false)));
  }

  private static RawHeader cookie(String name, String value, long maxAge, boolean httpOnly, boolean secure) {
    return RawHeader.create("Set-Cookie", name + "=" + value + "; Path=/; Max-Age=" + maxAge
        + (httpOnly ? "; HttpOnly" : "") + (secure ? "; Secure" : "") + "; SameSite=Lax");
  }
}
