package chorus.node.users;

import chorus.node.http.ApiException;
import chorus.persistence.pool.PersistencePool;
import chorus.persistence.users.StoredUser;
import chorus.persistence.users.UserRepository;
import chorus.protocol.config.ServiceSettings;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A signed-in user proving they know their current password before a sensitive change of
 * their own account (a new password, a new e-mail). A wrong one counts as a failed login, so
 * no such route is a way around the MaximumLoginAttempts lockout; a right one clears the count.
 */
final class PasswordProof {
  private final PersistencePool pool;
  private final UserRepository users;
  private final Passwords passwords;
  private final Supplier<ServiceSettings> service;

  PasswordProof(PersistencePool pool, UserRepository users, Passwords passwords, Supplier<ServiceSettings> service) {
    this.pool = pool;
    this.users = users;
    this.passwords = passwords;
    this.service = service;
  }

  /** Completes when {@code given} is the user's password; fails with {@code wrong} when it is not. */
  CompletionStage<Void> check(StoredUser user, String given, ApiException wrong) {
    String userId = user.user().id();
    return pool.write(dsl -> users.claimLoginAttempt(dsl, userId, service.get().maximumLoginAttempts()))
        .thenCompose(claimed -> {
          if (!claimed) {
            throw UserService.tooManyAttempts();
          }
          return passwords.matches(given == null ? "" : given, user.passwordHash());
        })
        .thenCompose(ok -> {
          if (!ok) {
            throw wrong;
          }
          return pool.write(dsl -> {
            users.clearFailedAttempts(dsl, userId);
            return null;
          });
        });
  }
}
