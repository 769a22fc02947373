package chorus.node.tokens;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import chorus.node.http.ApiContext;
import chorus.node.http.ApiDirectives;
import chorus.protocol.api.AccessTokenIdRequest;
import chorus.protocol.api.CreateAccessTokenRequest;
import chorus.protocol.api.StatusOk;
import chorus.protocol.api.UserAccessToken;
import java.util.List;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Personal access tokens: {@code /users/{id}/tokens} and {@code /users/tokens/...}. Mounted
 * before the user routes, whose {@code /users/{id}} would otherwise read {@code tokens} as a
 * user id.
 */
public final class AccessTokenRoutes extends ApiDirectives {
  private final AccessTokens tokens;

  public AccessTokenRoutes(ApiContext context, AccessTokens tokens) {
    super(context);
    this.tokens = tokens;
  }

  public Route routes() {
    return pathPrefix("users", () -> concat(
        pathPrefix("tokens", () -> concat(
            pathEnd(() -> get(() -> authenticated(caller -> paging((page, perPage) ->
                respondOk(tokens.listAll(caller, page, perPage).thenApply(AccessTokenRoutes::sanitized)))))),
            path("revoke", () -> post(() -> authenticated(caller -> jsonBody(AccessTokenIdRequest.class, body ->
                respondOk(tokens.revoke(caller, body).thenApply(done -> StatusOk.OK)))))),
            path("disable", () -> post(() -> authenticated(caller -> jsonBody(AccessTokenIdRequest.class, body ->
                respondOk(tokens.disable(caller, body).thenApply(done -> StatusOk.OK)))))),
            path("enable", () -> post(() -> authenticated(caller -> jsonBody(AccessTokenIdRequest.class, body ->
                respondOk(tokens.enable(caller, body).thenApply(done -> StatusOk.OK)))))),
            path(segment(), tokenId -> get(() -> validId(tokenId, "token_id", () -> authenticated(caller ->
                respondOk(tokens.get(caller, tokenId).thenApply(UserAccessToken::sanitized)))))))),
        path(segment().slash("tokens"), userId -> validUserId(userId, () -> concat(
            post(() -> authenticated(caller -> jsonBody(CreateAccessTokenRequest.class, body ->
                respondOk(tokens.create(caller, caller.resolve(userId), body))))),
            get(() -> authenticated(caller -> paging((page, perPage) ->
                respondOk(tokens.listForUser(caller, caller.resolve(userId), page, perPage)
                    .thenApply(AccessTokenRoutes::sanitized))))))))));
  }

  private static List<UserAccessToken> sanitized(List<UserAccessToken> list) {
    return list.stream().map(UserAccessToken::sanitized).toList();
  }
}
