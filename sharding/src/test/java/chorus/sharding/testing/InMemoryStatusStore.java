package chorus.sharding.testing;

import chorus.protocol.api.Status;
import chorus.sharding.presence.StatusStore;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;

/** Statuses in a map, standing in for the Status table; counts loads and saves per user. */
public final class InMemoryStatusStore implements StatusStore {
  private final Map<String, Status> statuses = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> loads = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> saves = new ConcurrentHashMap<>();
  private volatile boolean savesFail;

  /** While on, every save fails as if the database were down. */
  public void failSaves(boolean fail) {
    savesFail = fail;
  }

  public void put(Status status) {
    statuses.put(status.userId(), status);
  }

  public Optional<Status> get(String userId) {
    return Optional.ofNullable(statuses.get(userId));
  }

  public int loads(String userId) {
    return loads.getOrDefault(userId, new AtomicInteger()).get();
  }

  public int saves(String userId) {
    return saves.getOrDefault(userId, new AtomicInteger()).get();
  }

  @Override
  public CompletionStage<Optional<Status>> load(String userId) {
    loads.computeIfAbsent(userId, u -> new AtomicInteger()).incrementAndGet();
    return CompletableFuture.completedFuture(get(userId));
  }

  @Override
  public CompletionStage<Done> save(Status status) {
    saves.computeIfAbsent(status.userId(), u -> new AtomicInteger()).incrementAndGet();
    if (savesFail) {
      return CompletableFuture.failedFuture(new IllegalStateException("database down"));
    }
    statuses.put(status.userId(), status);
    return CompletableFuture.completedFuture(Done.getInstance());
  }
}
