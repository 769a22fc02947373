package chorus.node.users;

import chorus.management.ldap.LdapDirectory;
import chorus.management.ldap.LdapUnavailableException;
import chorus.management.ldap.LdapUser;
import chorus.node.http.ApiException;
import chorus.persistence.pool.PersistencePool;
import chorus.persistence.pool.ReadPreference;
import chorus.persistence.users.LdapUserRepository;
import chorus.persistence.users.StoredUser;
import chorus.persistence.users.UserRepository;
import chorus.protocol.api.User;
import chorus.protocol.config.LdapSettings;
import chorus.protocol.ids.Ids;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.jooq.DSLContext;

/**
 * Logins that LDAP decides. With {@code LdapSettings.Enable}, a login id that names no local
 * account, a login with Mattermost's {@code ldap_only}, and any login to an account with
 * {@code auth_service "ldap"} are checked against the directory: the user is searched by
 * LoginIdAttribute (as the bind user), the account's failed-attempt counter is claimed as
 * for local logins (against {@code LdapSettings.MaximumLoginAttempts}), then the password is
 * checked by a bind as the user's DN. On success the account is created (first login) or
 * brought up to date from the directory. An LDAP account never signs in with a local
 * password, and with LDAP disabled it cannot sign in at all. Directory calls block, so they
 * run on {@code blocking}.
 */
public final class LdapAuthenticator {
  private final PersistencePool pool;
  private final UserRepository users;
  private final LdapUserRepository ldapUsers;
  private final Ids ids;
  private final Supplier<LdapSettings> settings;
  private final Executor blocking;
  private final Clock clock;

  public LdapAuthenticator(PersistencePool pool, UserRepository users, LdapUserRepository ldapUsers, Ids ids,
      Supplier<LdapSettings> settings, Executor blocking, Clock clock) {
    this.pool = pool;
    this.users = users;
    this.ldapUsers = ldapUsers;
    this.ids = ids;
    this.settings = settings;
    this.blocking = blocking;
    this.clock = clock;
  }

  /** Whether this login goes to LDAP rather than to the local password check. */
  public boolean decides(Optional<StoredUser> local, Map<String, String> body) {
    if (local.isPresent() && LdapUserRepository.SERVICE.equals(local.get().user().authService())) {
      return true;
    }
    return settings.get().enable() && (local.isEmpty() || "true".equalsIgnoreCase(body.getOrDefault("ldap_only", "")));
  }

  /** The signed-in account, or an ApiException: 401 for any refusal, 503 when the directory cannot be asked. */
  public CompletionStage<User> login(String loginId, String password) {
    LdapSettings current = settings.get();
    if (!current.enable()) {
      return CompletableFuture.failedFuture(UserService.invalidCredentials());
    }
    LdapDirectory directory = new LdapDirectory(current);
    return CompletableFuture.supplyAsync(() -> directory.find(loginId), blocking)
        .thenCompose(entry -> {
          if (entry.isEmpty()) {
            throw UserService.invalidCredentials();
          }
          return claimAttempt(entry.get(), current.maximumLoginAttempts())
              .thenCompose(claimed -> CompletableFuture.supplyAsync(() -> directory.bind(entry.get(), password), blocking))
              .thenCompose(ok -> {
                if (!ok) {
                  throw UserService.invalidCredentials();
                }
                return signIn(entry.get());
              });
        })
        .exceptionally(failure -> {
          Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
          if (cause instanceof LdapUnavailableException) {
            throw new ApiException(503, "ent.ldap.do_login.unable_to_connect.app_error", "Unable to connect to the AD/LDAP server.");
          }
          throw cause instanceof RuntimeException r ? r : new CompletionException(cause);
        });
  }

  /** An account that exists already counts this attempt first, exactly as a local login does. */
  private CompletionStage<Void> claimAttempt(LdapUser entry, int maximumAttempts) {
    return pool.read(ReadPreference.PRIMARY, dsl -> ldapUsers.findByAuthData(dsl, entry.authData()))
        .thenCompose(account -> account.isEmpty()
            ? CompletableFuture.completedFuture(null)
            : pool.write(dsl -> users.claimLoginAttempt(dsl, account.get().id(), maximumAttempts)).thenAccept(claimed -> {
              if (!claimed) {
                throw UserService.tooManyAttempts();
              }
            }));
  }

  private CompletionStage<User> signIn(LdapUser entry) {
    return pool.write(dsl -> upsert(dsl, entry))
        .exceptionallyCompose(failure -> {
          // Two nodes created this account at once: the loser finds the winner's row now.
          if (PersistencePool.violatedConstraint(failure).map(c -> c.contains("auth_data")).orElse(false)) {
            return pool.write(dsl -> upsert(dsl, entry));
          }
          return CompletableFuture.failedFuture(failure);
        })
        .exceptionally(failure -> {
          if (PersistencePool.isUniqueViolation(failure)) {
            throw ApiException.badRequest("ent.ldap.do_login.user_not_registered.app_error",
                "An account with this AD/LDAP user's username or email already exists.");
          }
          throw failure instanceof CompletionException c ? c : new CompletionException(failure);
        })
        .thenApply(user -> {
          if (user.deleteAt() > 0) {
            throw new ApiException(401, "api.user.login.inactive.app_error", "Login failed because your account has been deactivated.");
          }
          return user;
        });
  }

  private User upsert(DSLContext dsl, LdapUser entry) {
    User user = ldapUsers.upsert(dsl, entry.profile(), ids.next(), clock.millis()).user();
    users.clearFailedAttempts(dsl, user.id());
    return users.findById(dsl, user.id()).orElse(user);
  }
}
