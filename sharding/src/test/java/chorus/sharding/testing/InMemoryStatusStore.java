package chorus.sharding.testing;

import chorus.protocol.cluster.PresenceStatus;
import chorus.sharding.presence.StatusStore;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;

/** Statuses in a map, standing in for the status table; counts loads and saves per user. */
public final class InMemoryStatusStore implements StatusStore {
  private final Map<String, PresenceStatus> statuses = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> loads = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> saves = new ConcurrentHashMap<>();
  private volatile boolean savesFail;

  /** While on, every save fails as if the database were down. */
  public void failSaves(boolean fail) {
    savesFail = fail;
  }

  public void put(PresenceStatus status) {
    statuses.put(status.userId(), status);
  }

  public Optional<PresenceStatus> get(String userId) {
    return Optional.ofNullable(statuses.get(userId));
  }

  public int loads(String userId) {
    return loads.getOrDefault(userId, new AtomicInteger()).get();
  }

  public int saves(String userId) {
    return saves.getOrDefault(userId, new AtomicInteger()).get();
  }

  @Override
  public CompletionStage<Optional<PresenceStatus>> load(String userId) {
    loads.computeIfAbsent(userId, u -> new AtomicInteger()).incrementAndGet();
    return CompletableFuture.completedFuture(get(userId));
  }

  @Override
  public CompletionStage<Done> save(PresenceStatus status) {
    saves.computeIfAbsent(status.userId(), u -> new AtomicInteger()).incrementAndGet();
    if (savesFail) {
      return CompletableFuture.failedFuture(new IllegalStateException("database down"));
    }
    statuses.put(status.userId(), status);
    return CompletableFuture.completedFuture(Done.getInstance());
  }
}
