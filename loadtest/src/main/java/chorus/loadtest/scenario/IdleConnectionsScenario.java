package chorus.loadtest.scenario;

import chorus.loadtest.client.ClientRuntime;
import chorus.loadtest.client.UserSocket;
import chorus.loadtest.metrics.LatencySummary;
import chorus.loadtest.sim.SimUser;
import chorus.loadtest.sim.Sockets;
import chorus.loadtest.sim.World;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Scenario (b), idle connections: N authenticated WebSockets held open and quiet, and what
 * each costs the node — heap after a full GC and resident set size, before and after, divided
 * by N. Sockets are spread over the population's users (a Mattermost session may hold many
 * connections), because signing up N users would cost N bcrypt hashes and measure that
 * instead. After the hold the scenario counts sockets the server dropped (reconnects).
 */
public final class IdleConnectionsScenario {

  public record Params(int sockets, Duration hold) {}

  public record Result(
      Params params,
      int opened,
      Map<String, Integer> connectFailures,
      double connectSeconds,
      LatencySummary openTimes,
      Optional<NodeProbe.Memory> before,
      Optional<NodeProbe.Memory> after,
      Optional<Double> heapBytesPerSocket,
      Optional<Double> rssBytesPerSocket,
      long reconnects,
      long eventsWhileIdle,
      List<String> nodeHeapByClass) {

    /** Kept in results.json beside the causes it sums. */
    @JsonProperty
    public int failedConnects() {
      return connectFailures.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  private final ClientRuntime runtime;
  private final NodeProbe probe;

  public IdleConnectionsScenario(ClientRuntime runtime, NodeProbe probe) {
    this.runtime = runtime;
    this.probe = probe;
  }

  public Result run(World world, Params params) {
    List<SimUser> users = world.users();
    LongAdder events = new LongAdder();
    UserSocket.Listener listener = new UserSocket.Listener() {
      @Override
      public void onHello(UserSocket socket, long wallClockMillis) {}

      @Override
      public void onEvent(UserSocket socket, String event, JsonNode frame) {
        events.increment();
      }
    };
    Optional<NodeProbe.Memory> before = probe.memoryAfterGc();
    long start = System.nanoTime();
    Sockets.Opened opened = Sockets.open(runtime, params.sockets(), i -> users.get(i % users.size()), i -> "idle" + i, true, listener);
    List<UserSocket> sockets = opened.sockets();
    double connectSeconds = (System.nanoTime() - start) / 1e9;
    try {
      Optional<NodeProbe.Memory> after = probe.memoryAfterGc();
      // Where the per-socket bytes go: the biggest classes while every socket is open.
      List<String> heapByClass = probe.classHistogram(25);
      holdQuietly(params.hold());
      // Sockets cannot cost less than nothing: a smaller figure after opening them means the
      // node's own churn outweighed them at this size, and there is no per-socket figure.
      Optional<Double> heapPer = before.flatMap(b -> after.map(a -> (a.heapAfterGcBytes() - b.heapAfterGcBytes()) / (double) sockets.size()))
          .filter(perSocket -> perSocket > 0);
      Optional<Double> rssPer = before.flatMap(b -> after.map(a -> (a.rssBytes() - b.rssBytes()) / (double) sockets.size()))
          .filter(perSocket -> perSocket > 0);
      return new Result(params, sockets.size(), opened.failures(), connectSeconds, opened.openTimes(), before, after, heapPer, rssPer, Sockets.reconnects(sockets), events.sum(),
          heapByClass);
    } finally {
      Sockets.close(sockets);
    }
  }

  /** Idle is the load being measured: the clock is the condition. */
  private static void holdQuietly(Duration hold) {
    try {
      Thread.sleep(hold.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
