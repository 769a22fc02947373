package chorus.management.discovery;

import chorus.persistence.cluster.ClusterDiscoveryStore;
import chorus.persistence.cluster.DiscoveryRow;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's row in {@code cluster_discovery}: written at start (replacing a row a crash
 * left behind), pinged every {@link #PING_INTERVAL}, written again if another node cleaned
 * it while this one stalled, and deleted when the node shuts down gracefully, before it
 * leaves the cluster, so that starting nodes stop probing it. Each ping also deletes rows
 * nobody has pinged for {@link #DELETE_AFTER}.
 */
public final class DiscoveryRegistration {
  private static final Logger log = LoggerFactory.getLogger(DiscoveryRegistration.class);

  public static final Duration PING_INTERVAL = Duration.ofSeconds(5);
  /** A row pinged this recently is a live node; three missed pings and it is not. */
  public static final Duration FRESH_WITHIN = PING_INTERVAL.multipliedBy(4);
  public static final Duration DELETE_AFTER = Duration.ofMinutes(1);

  /** What this node registers. */
  public record Registration(String nodeId, String clusterName, String hostname, int gossipPort, int managementPort) {}

  private final ClusterDiscoveryStore store;
  private final Registration self;
  private final AtomicBoolean stopped = new AtomicBoolean();

  private DiscoveryRegistration(ClusterDiscoveryStore store, Registration self) {
    this.store = store;
    this.self = self;
  }

  /** Registers now (waiting for the write), then keeps the row alive until coordinated shutdown. */
  public static DiscoveryRegistration start(ActorSystem<?> system, ClusterDiscoveryStore store, Registration self)
      throws Exception {
    DiscoveryRegistration registration = new DiscoveryRegistration(store, self);
    registration.register().toCompletableFuture().get(30, TimeUnit.SECONDS);
    Cancellable pings = system.scheduler().scheduleWithFixedDelay(PING_INTERVAL, PING_INTERVAL, registration::ping,
        system.executionContext());
    CoordinatedShutdown.get(Adapter.toClassic(system)).addTask(CoordinatedShutdown.PhaseBeforeClusterShutdown(),
        "chorus-discovery-deregister", () -> {
          registration.stopped.set(true);
          pings.cancel();
          return store.delete(self.nodeId())
              .handle((deleted, failure) -> {
                if (failure != null) {
                  log.warn("Could not delete this node's discovery row; it expires on its own: {}", failure.toString());
                }
                return Done.done();
              });
        });
    return registration;
  }

  private CompletionStage<DiscoveryRow> register() {
    return store.register(self.nodeId(), self.clusterName(), self.hostname(), self.gossipPort(), self.managementPort());
  }

  private void ping() {
    if (stopped.get()) {
      return;
    }
    store.pingAndClean(self.nodeId(), DELETE_AFTER).thenCompose(present -> present || stopped.get() ? CompletableFuture.completedFuture(null) : register())
        .whenComplete((ignored, failure) -> {
          if (failure != null) {
            log.warn("Discovery ping failed; peers may stop finding this node if it keeps failing: {}", failure.toString());
          }
        });
  }
}
