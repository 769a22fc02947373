package chorus.loadtest.sim;

import chorus.loadtest.client.ClientRuntime;
import chorus.loadtest.client.UserSocket;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Opens and closes many client sockets, a bounded number of handshakes at a time. */
public final class Sockets {
  private static final int CONNECT_PARALLELISM = 64;

  private Sockets() {}

  /** Opens one socket per user and waits (bounded) for every {@code hello}. */
  public static List<UserSocket> open(ClientRuntime runtime, List<SimUser> users, boolean reconnect, UserSocket.Listener listener) {
    return open(runtime, users.size(), i -> users.get(i), i -> users.get(i).id(), reconnect, listener);
  }

  /** Opens {@code count} sockets; socket i belongs to {@code user.apply(i)} under client id {@code clientId.apply(i)}. */
  public static List<UserSocket> open(ClientRuntime runtime, int count, java.util.function.IntFunction<SimUser> user,
      java.util.function.IntFunction<String> clientId, boolean reconnect, UserSocket.Listener listener) {
    return Bounded.run(count, CONNECT_PARALLELISM, i -> {
      SimUser u = user.apply(i);
      UserSocket socket = new UserSocket(runtime, u.rest().baseUrl(), clientId.apply(i), u.token(), reconnect, listener);
      return socket.connect().toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).thenApply(v -> socket);
    });
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
