package chorus.node.users;

import chorus.node.http.ApiException;
import chorus.node.http.Caller;
import chorus.persistence.pool.PersistencePool;
import chorus.persistence.sessions.SessionRepository;
import chorus.persistence.users.StoredUser;
import chorus.persistence.users.UserRepository;
import chorus.protocol.api.Roles;
import chorus.protocol.api.UpdateActiveRequest;
import chorus.protocol.api.UpdatePasswordRequest;
import chorus.protocol.api.UpdateRolesRequest;
import chorus.protocol.config.ServiceSettings;
import chorus.sharding.sessions.SessionRevocations;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The account changes that must reach every node at once: a new password, deactivation and a
 * role change. Each writes the database first and only then announces the revocation, so a
 * node that reloads a session after the announcement sees the new state:
 * <ul>
 *   <li>password: the user's other sessions end (401 everywhere, their sockets closed); the
 *       session that made the change stays signed in. An admin's reset ends all of them.
 *       Either way the login lockout is lifted, as Mattermost's reset does;</li>
 *   <li>deactivation: every session ends; re-activation lifts the lockout (the admin unlock);</li>
 *   <li>roles: the sessions stay signed in, as in Mattermost, but every node drops them from
 *       its cache and closes their sockets, so the next request and the reopened socket run
 *       under the new roles.</li>
 * </ul>
 */
public final class AccountChanges {
  private static final Set<String> SYSTEM_ROLES = Set.of(Roles.SYSTEM_USER, Roles.SYSTEM_ADMIN, Roles.SYSTEM_USER_ACCESS_TOKEN);

  private final PersistencePool pool;
  private final UserRepository users;
  private final SessionRepository sessions;
  private final SessionRevocations revocations;
  private final Passwords passwords;
  private final UserRules rules;
  private final PasswordProof proof;
  private final Clock clock;

  public AccountChanges(PersistencePool pool, UserRepository users, SessionRepository sessions, SessionRevocations revocations,
      Passwords passwords, UserRules rules, Supplier<ServiceSettings> service, Clock clock) {
    this.pool = pool;
    this.users = users;
    this.sessions = sessions;
    this.revocations = revocations;
    this.passwords = passwords;
    this.rules = rules;
    this.proof = new PasswordProof(pool, users, passwords, service);
    this.clock = clock;
  }

  public CompletionStage<Void> changePassword(Caller caller, String userId, UpdatePasswordRequest request) {
    caller.requireSelfOrAdmin(userId);
    String newPassword = request.newPassword() == null ? "" : request.newPassword();
    rules.checkPassword(newPassword);
    boolean self = caller.userId().equals(userId);
    return pool.read(caller.ownReads(), dsl -> users.findStoredById(dsl, userId))
        .thenCompose(found -> {
          StoredUser user = found.orElseThrow(AccountChanges::userNotFound);
          if (!user.user().authService().isEmpty()) {
            throw ApiException.badRequest("api.user.update_password.oauth.app_error",
                "Update password failed because the user is logged in through an OAuth service.");
          }
          // Users changing their own password prove they know the current one.
          return self ? proof.check(user, request.currentPassword(), ApiException.badRequest("api.user.update_password.incorrect.app_error",
              "The \"Current Password\" you entered is incorrect. Please check that Caps Lock is off and try again."))
              : CompletableFuture.completedFuture(null);
        })
        .thenCompose(checked -> passwords.hash(newPassword))
        .thenCompose(hash -> pool.write(dsl -> {
          if (!users.updatePassword(dsl, userId, hash, clock.millis())) {
            throw userNotFound();
          }
          return sessions.deleteForUser(dsl, userId, self ? caller.session().id() : "");
        }))
        .thenAccept(ended -> revocations.revoke(userId, ended));
  }

  /** System admins only: Chorus has no self-deactivation ({@code EnableUserDeactivation} is not read). */
  public CompletionStage<Void> setActive(Caller caller, String userId, UpdateActiveRequest request) {
    caller.requireSystemAdmin();
    if (request.active() == null) {
      return CompletableFuture.failedFuture(ApiException.invalidParam("active"));
    }
    boolean active = request.active();
    return pool.write(dsl -> {
      if (users.findById(dsl, userId).isEmpty()) {
        throw userNotFound();
      }
      users.setActive(dsl, userId, active, clock.millis());
      if (!active) {
        sessions.deleteForUser(dsl, userId, "");
      }
      return null;
    }).thenAccept(done -> {
      if (!active) {
        revocations.revokeUser(userId);
      }
    });
  }

  public CompletionStage<Void> setRoles(Caller caller, String userId, UpdateRolesRequest request) {
    caller.requireSystemAdmin();
    String roles = normalizedRoles(request.roles());
    return pool.write(dsl -> {
      if (!users.updateRoles(dsl, userId, roles, clock.millis())) {
        throw userNotFound();
      }
      sessions.updateRolesForUser(dsl, userId, roles);
      return null;
    }).thenAccept(done -> revocations.revokeUser(userId));
  }

  /** Mattermost's rule: known system roles only, and every account keeps {@code system_user}. */
  private static String normalizedRoles(String requested) {
    List<String> roles = Arrays.stream(requested == null ? new String[0] : requested.trim().split("\\s+"))
        .filter(r -> !r.isEmpty()).distinct().toList();
    if (!roles.contains(Roles.SYSTEM_USER) || !SYSTEM_ROLES.containsAll(roles)) {
      throw ApiException.invalidParam("roles");
    }
    return String.join(" ", roles);
  }

  private static ApiException userNotFound() {
    return ApiException.notFound("app.user.missing_account.const", "Unable to find the user.");
  }
}
