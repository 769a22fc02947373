package chorus.node.users;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.IntSupplier;

/**
 * bcrypt hashing on its own executor: a hash costs tens of milliseconds of CPU by design,
 * which must not stall the actor dispatchers or hold a database connection.
 */
public final class Passwords {
  /** bcrypt reads at most 72 bytes; longer passwords are refused rather than silently cut. */
  public static final int MAX_BYTES = 72;

  private final Executor executor;
  private final IntSupplier cost;
  private final String unmatchable;

  /**
   * @param cost bcrypt's cost for new hashes (PasswordSettings.BcryptCost; Mattermost's is 10), read per hash so that a
   *     config change applies to the next password set; the decoy for unknown logins keeps the cost of the start
   */
  public Passwords(Executor executor, IntSupplier cost) {
    this.executor = executor;
    this.cost = cost;
    this.unmatchable = BCrypt.withDefaults().hashToString(cost.getAsInt(), java.util.UUID.randomUUID().toString().toCharArray());
  }

  public Passwords(Executor executor, int cost) {
    this(executor, () -> cost);
  }

  public CompletionStage<String> hash(String password) {
    return CompletableFuture.supplyAsync(() -> BCrypt.withDefaults().hashToString(cost.getAsInt(), password.toCharArray()), executor);
  }

  public CompletionStage<Boolean> matches(String password, String hash) {
    return CompletableFuture.supplyAsync(() -> !hash.isEmpty()
        && password.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES
        && BCrypt.verifyer().verify(password.toCharArray(), hash.toCharArray()).verified, executor);
  }

  /** A full-cost check against a hash nobody knows, so an unknown login takes as long as a wrong password. */
  public CompletionStage<Boolean> matchesNothing(String password) {
    return matches(password, unmatchable).thenApply(ignored -> false);
  }
}
