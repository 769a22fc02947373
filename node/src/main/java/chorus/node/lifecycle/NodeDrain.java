package chorus.node.lifecycle;

import chorus.management.readiness.Readiness;
import chorus.sharding.hub.WebSocketHub;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a node does first when told to stop (SIGTERM, {@link chorus.node.ChorusNode#close}),
 * before its HTTP port closes and before it leaves the cluster: it reports not ready, waits
 * {@code ShutdownDrainSeconds} so that load balancers take it out of rotation (it keeps
 * serving what still arrives), then hands every WebSocket connection to a node that stays
 * and closes the sockets. Clients reconnect to another node and resume there without missing
 * anything. Runs as coordinated shutdown's {@code before-service-unbind} task.
 */
public final class NodeDrain {
  private static final Logger log = LoggerFactory.getLogger(NodeDrain.class);
  private static final Duration ASK = Duration.ofSeconds(5);
  private static final Duration POLL = Duration.ofMillis(100);

  private final ActorSystem<?> system;
  private final Readiness readiness;
  private final ActorRef<WebSocketHub.Command> hub;
  private final Duration drainFor;
  private final Duration handOffWithin;

  public NodeDrain(ActorSystem<?> system, Readiness readiness, ActorRef<WebSocketHub.Command> hub, Duration drainFor,
      Duration handOffWithin) {
    this.system = system;
    this.readiness = readiness;
    this.hub = hub;
    this.drainFor = drainFor;
    this.handOffWithin = handOffWithin;
  }

  /** The longest the drain takes; coordinated shutdown's phase must allow it. */
  public Duration longest() {
    return drainFor.plus(handOffWithin).plus(ASK);
  }

  public CompletionStage<Done> run() {
    readiness.drain();
    log.info("Draining: not ready from now on; handing WebSockets off in {} s", drainFor.toSeconds());
    long started = System.nanoTime();
    return after(drainFor)
        .thenCompose(waited -> AskPattern.<WebSocketHub.Command, Integer>ask(hub, WebSocketHub.HandOffAll::new, ASK, system.scheduler()))
        .thenCompose(count -> {
          log.info("Draining: handing {} WebSocket connection(s) to the nodes that stay", count);
          return untilNoneHeld(System.nanoTime() + handOffWithin.toNanos());
        })
        .handle((left, failure) -> {
          if (failure != null) {
            log.warn("Draining did not finish: {}", failure.toString());
          } else if (left > 0) {
            log.warn("Draining: {} connection(s) were not handed off in time; their clients start over", left);
          } else {
            log.info("Drained in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
          }
          return Done.getInstance();
        });
  }

  private CompletionStage<Integer> untilNoneHeld(long deadline) {
    return AskPattern.<WebSocketHub.Command, Integer>ask(hub, WebSocketHub.CountHeld::new, ASK, system.scheduler())
        .thenCompose(held -> held == 0 || System.nanoTime() > deadline
            ? CompletableFuture.completedFuture(held)
            : after(POLL).thenCompose(waited -> untilNoneHeld(deadline)));
  }

  /** Completes after {@code delay}, holding no thread meanwhile. */
  static CompletionStage<Void> after(Duration delay) {
    return CompletableFuture.runAsync(() -> {}, CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS));
  }
}
