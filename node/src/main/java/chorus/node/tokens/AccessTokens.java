package chorus.node.tokens;

import chorus.node.http.ApiException;
import chorus.node.http.Caller;
import chorus.persistence.pool.PersistencePool;
import chorus.persistence.pool.ReadPreference;
import chorus.persistence.tokens.AccessTokenRepository;
import chorus.persistence.users.UserRepository;
import chorus.protocol.api.AccessTokenIdRequest;
import chorus.protocol.api.CreateAccessTokenRequest;
import chorus.protocol.api.Roles;
import chorus.protocol.api.UserAccessToken;
import chorus.protocol.ids.Ids;
import chorus.sharding.sessions.NodeSessions;
import chorus.sharding.sessions.SessionRevocations;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;

/**
 * Personal access tokens with Mattermost's rules. Creating, reading and revoking need the
 * {@code *_user_access_token} permissions, which system admins hold and other users hold only
 * through the {@code system_user_access_token} role; another user's tokens need
 * {@code edit_other_users} (system admins). Only creation depends on
 * {@code EnableUserAccessTokens} (501 when off, as in Mattermost): an admin can still list and
 * revoke what exists. Revoking or disabling writes the row first and then ends the token's
 * session on every node, as a password change does for login sessions.
 */
public final class AccessTokens {
  private static final int MAX_DESCRIPTION = 255;

  private final PersistencePool pool;
  private final AccessTokenRepository tokens;
  private final UserRepository users;
  private final SessionRevocations revocations;
  private final BooleanSupplier enabled;
  private final Ids ids;

  public AccessTokens(PersistencePool pool, AccessTokenRepository tokens, UserRepository users, SessionRevocations revocations,
      BooleanSupplier enabled, Ids ids) {
    this.pool = pool;
    this.tokens = tokens;
    this.users = users;
    this.revocations = revocations;
    this.enabled = enabled;
    this.ids = ids;
  }

  /** The only answer that carries the token itself. */
  public CompletionStage<UserAccessToken> create(Caller caller, String userId, CreateAccessTokenRequest request) {
    requireTokenPermission(caller);
    caller.requireSelfOrAdmin(userId);
    String description = request.description() == null ? "" : request.description();
    if (description.isEmpty()) {
      throw ApiException.invalidParam("description");
    }
    if (description.length() > MAX_DESCRIPTION) {
      throw ApiException.badRequest("model.user_access_token.is_valid.description.app_error",
          "Invalid description, must be 255 or less characters.");
    }
    if (!enabled.getAsBoolean()) {
      throw new ApiException(501, "app.user_access_token.disabled",
          "Personal access tokens are disabled on this server. Please contact your system administrator for details.");
    }
    String secret = ids.next();
    UserAccessToken token = new UserAccessToken(ids.next(), secret, userId, description, true);
    return pool.write(dsl -> {
      if (users.findById(dsl, userId).isEmpty()) {
        throw userNotFound();
      }
      tokens.insert(dsl, token, NodeSessions.digest(secret));
      return token;
    });
  }

  public CompletionStage<List<UserAccessToken>> listForUser(Caller caller, String userId, int page, int perPage) {
    requireTokenPermission(caller);
    caller.requireSelfOrAdmin(userId);
    return pool.read(caller.ownReads(), dsl -> tokens.findForUser(dsl, userId, page, perPage));
  }

  /** Every token of the system: {@code manage_system}, system admins. */
  public CompletionStage<List<UserAccessToken>> listAll(Caller caller, int page, int perPage) {
    caller.requireSystemAdmin();
    return pool.read(caller.ownReads(), dsl -> tokens.findAll(dsl, page, perPage));
  }

  public CompletionStage<UserAccessToken> get(Caller caller, String tokenId) {
    requireTokenPermission(caller);
    return pool.read(caller.ownReads(), dsl -> tokens.findById(dsl, tokenId)).thenApply(found -> {
      UserAccessToken token = found.orElseThrow(AccessTokens::tokenNotFound);
      caller.requireSelfOrAdmin(token.userId());
      return token;
    });
  }

  public CompletionStage<Void> revoke(Caller caller, AccessTokenIdRequest request) {
    return change(caller, request, (dsl, id) -> tokens.delete(dsl, id));
  }

  public CompletionStage<Void> disable(Caller caller, AccessTokenIdRequest request) {
    return change(caller, request, (dsl, id) -> tokens.setActive(dsl, id, false));
  }

  /** Nothing to revoke: the token's next use loads it again. */
  public CompletionStage<Void> enable(Caller caller, AccessTokenIdRequest request) {
    requireTokenPermission(caller);
    String id = tokenId(request);
    return pool.write(dsl -> {
      UserAccessToken token = tokens.findById(dsl, id).orElseThrow(AccessTokens::tokenNotFound);
      caller.requireSelfOrAdmin(token.userId());
      tokens.setActive(dsl, id, true);
      return null;
    });
  }

  private interface Change {
    void apply(org.jooq.DSLContext dsl, String tokenId);
  }

  private CompletionStage<Void> change(Caller caller, AccessTokenIdRequest request, Change change) {
    requireTokenPermission(caller);
    String id = tokenId(request);
    return pool.write(dsl -> {
      UserAccessToken token = tokens.findById(dsl, id).orElseThrow(AccessTokens::tokenNotFound);
      caller.requireSelfOrAdmin(token.userId());
      String digest = tokens.hashOf(dsl, id).orElseThrow(AccessTokens::tokenNotFound);
      change.apply(dsl, id);
      return new Revoked(token.userId(), digest);
    }).thenAccept(revoked -> revocations.revokeDigests(revoked.userId(), List.of(id), List.of(revoked.digest())));
  }

  private record Revoked(String userId, String digest) {}

  private static String tokenId(AccessTokenIdRequest request) {
    if (request.tokenId() == null || !Ids.isValid(request.tokenId())) {
      throw ApiException.invalidParam("token_id");
    }
    return request.tokenId();
  }

  /** {@code create/read/revoke_user_access_token}: system admins, and users given {@code system_user_access_token}. */
  private static void requireTokenPermission(Caller caller) {
    if (!caller.isSystemAdmin() && !Roles.has(caller.session().roles(), Roles.SYSTEM_USER_ACCESS_TOKEN)) {
      throw ApiException.forbidden();
    }
  }

  private static ApiException tokenNotFound() {
    return ApiException.notFound("app.user_access_token.get_by_id.app_error", "Unable to get user access token.");
  }

  private static ApiException userNotFound() {
    return ApiException.notFound("app.user.missing_account.const", "Unable to find the user.");
  }
}
