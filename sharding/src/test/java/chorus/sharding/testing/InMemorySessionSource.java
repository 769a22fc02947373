package chorus.sharding.testing;

import chorus.protocol.api.Session;
import chorus.sharding.sessions.SessionSource;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sessions in a map, standing in for the sessions table. A token can be made to fail, or to
 * hold its loads until the test completes them.
 */
public final class InMemorySessionSource implements SessionSource {
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> loads = new ConcurrentHashMap<>();
  private final Map<String, Boolean> failing = new ConcurrentHashMap<>();
  private final Map<String, Queue<CompletableFuture<Optional<Session>>>> held = new ConcurrentHashMap<>();

  public void put(Session session) {
    sessions.put(session.token(), session);
  }

  public void delete(String token) {
    sessions.remove(token);
  }

  public void failFor(String token, boolean fail) {
    if (fail) {
      failing.put(token, true);
    } else {
      failing.remove(token);
    }
  }

  /** Loads of {@code token} stay pending until {@link #nextHeld} hands them to the test. */
  public void hold(String token) {
    held.put(token, new ConcurrentLinkedQueue<>());
  }

  public CompletableFuture<Optional<Session>> nextHeld(String token) {
    return held.get(token).poll();
  }

  public int loads(String token) {
    return loads.getOrDefault(token, new AtomicInteger()).get();
  }

  @Override
  public CompletionStage<Optional<Session>> load(String token) {
    loads.computeIfAbsent(token, t -> new AtomicInteger()).incrementAndGet();
    Queue<CompletableFuture<Optional<Session>>> queue = held.get(token);
    if (queue != null) {
      CompletableFuture<Optional<Session>> pending = new CompletableFuture<>();
      queue.add(pending);
      return pending;
    }
    if (failing.containsKey(token)) {
      return CompletableFuture.failedFuture(new IllegalStateException("database down"));
    }
    return CompletableFuture.completedFuture(Optional.ofNullable(sessions.get(token)));
  }
}
