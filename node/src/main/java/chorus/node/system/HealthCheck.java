package chorus.node.system;

import chorus.persistence.files.FileStoreProbe;
import chorus.persistence.pool.PersistencePool;
import chorus.persistence.system.SystemRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The deep health check behind {@code ping?get_server_status=true}: a committed write on the
 * primary, so a read-only or unreachable primary reports UNHEALTHY; and a write, read and
 * delete in the file store, so a full, read-only or unreachable store does too.
 */
public final class HealthCheck {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final PersistencePool pool;
  private final SystemRepository systems;
  private final Clock clock;
  private final FileStoreProbe fileStore;

  public HealthCheck(PersistencePool pool, SystemRepository systems, Clock clock, FileStoreProbe fileStore) {
    this.pool = pool;
    this.systems = systems;
    this.clock = clock;
    this.fileStore = fileStore;
  }

  public CompletionStage<Boolean> fileStoreHealthy() {
    return fileStore.healthy();
  }

  public CompletionStage<Boolean> databaseHealthy() {
    return pool.write(dsl -> {
          systems.put(dsl, "LastHealthCheckAt", Long.toString(clock.millis()));
          return true;
        })
        .toCompletableFuture()
        .completeOnTimeout(false, TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionally(failure -> false);
  }
}
