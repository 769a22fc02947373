package chorus.loadtest.sim;

import chorus.loadtest.client.ClientRuntime;
import chorus.loadtest.client.UserSocket;
import chorus.loadtest.metrics.ActionStats;
import chorus.loadtest.metrics.LatencySummary;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;

/** Opens and closes many client sockets, a bounded number of handshakes at a time. */
public final class Sockets {
  private static final int CONNECT_PARALLELISM = 64;

  private Sockets() {}

  /**
   * The sockets that reached {@code hello}, how long each took from its TCP connect to its
   * {@code hello} (a node that stalls shows here before any attempt fails), and why the attempts
   * that did not failed (refused, reset, timed out), with how many failed so.
   */
  public record Opened(List<UserSocket> sockets, LatencySummary openTimes, Map<String, Integer> failures) {
    public int failed() {
      return failures.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  /** Opens one socket per user and waits (bounded) for every {@code hello}. */
  public static Opened open(ClientRuntime runtime, List<SimUser> users, boolean reconnect, UserSocket.Listener listener) {
    return open(runtime, users.size(), i -> users.get(i), i -> users.get(i).id(), reconnect, listener);
  }

  /**
   * Opens {@code count} sockets; socket i belongs to {@code user.apply(i)} under client id
   * {@code clientId.apply(i)}. A socket that fails to connect is counted, not fatal: under
   * load some handshakes fail, and that is a result.
   */
  public static Opened open(ClientRuntime runtime, int count, java.util.function.IntFunction<SimUser> user,
      java.util.function.IntFunction<String> clientId, boolean reconnect, UserSocket.Listener listener) {
    Map<String, Integer> failures = new ConcurrentSkipListMap<>();
    ActionStats opens = new ActionStats();
    List<UserSocket> attempts = Bounded.run(count, CONNECT_PARALLELISM, i -> {
      SimUser u = user.apply(i);
      UserSocket socket = new UserSocket(runtime, u.rest().baseUrl(), clientId.apply(i), u.token(), reconnect, listener);
      long began = System.nanoTime();
      return socket.connect().toCompletableFuture().orTimeout(60, TimeUnit.SECONDS)
          .handle((v, failure) -> {
            if (failure != null) {
              failures.merge(why(failure), 1, Integer::sum);
              socket.close();
              return null;
            }
            opens.success("open", TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - began));
            return socket;
          });
    });
    List<UserSocket> open = attempts.stream().filter(java.util.Objects::nonNull).toList();
    return new Opened(open, opens.summary("open"), Map.copyOf(failures));
  }

  private static String why(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }

  /** Closes every socket and waits (at most 30 s) until they are all closed. */
  public static void close(List<UserSocket> sockets) {
    sockets.forEach(UserSocket::close);
    java.util.concurrent.CompletableFuture.allOf(sockets.stream().map(s -> s.terminated().toCompletableFuture())
            .toArray(java.util.concurrent.CompletableFuture[]::new))
        .completeOnTimeout(null, 30, TimeUnit.SECONDS)
        .join();
  }

  public static long reconnects(List<UserSocket> sockets) {
    return sockets.stream().mapToLong(UserSocket::reconnects).sum();
  }

  public static long seqGaps(List<UserSocket> sockets) {
    return sockets.stream().mapToLong(UserSocket::seqGaps).sum();
  }
}
