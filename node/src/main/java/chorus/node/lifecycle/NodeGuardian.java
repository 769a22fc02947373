package chorus.node.lifecycle;

import chorus.sharding.ActorSpawner;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The actor system's root behaviour: every long-lived application actor of the node (the
 * WebSocket hub, the connections' parent, the bus topics, the node-info and config-sync
 * actors) is its child. A child's own supervision comes first (the hub resumes after a bad
 * message); a failure it does not handle restarts the child with backoff, so one broken
 * message or a bug never leaves the node without its hub.
 */
public final class NodeGuardian {
  private static final Duration MIN_BACKOFF = Duration.ofMillis(200);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
  private static final Duration SPAWN_TIMEOUT = Duration.ofSeconds(10);

  public interface Command {}

  private record Spawn<T>(Behavior<T> behavior, String name, ActorRef<ActorRef<T>> replyTo) implements Command {}

  private NodeGuardian() {}

  public static Behavior<Command> create() {
    return Behaviors.setup(ctx -> Behaviors.receive(Command.class)
        .onMessage(Spawn.class, spawn -> {
          spawnChild(ctx, spawn);
          return Behaviors.same();
        })
        .build());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void spawnChild(org.apache.pekko.actor.typed.javadsl.ActorContext<Command> ctx, Spawn spawn) {
    Behavior supervised = Behaviors.supervise(spawn.behavior())
        .onFailure(RuntimeException.class, SupervisorStrategy.restartWithBackoff(MIN_BACKOFF, MAX_BACKOFF, 0.2));
    spawn.replyTo().tell(ctx.spawn(supervised, spawn.name()));
  }

  /** Spawns children of the guardian of {@code system}, waiting for each (start-up only). */
  public static ActorSpawner spawner(ActorSystem<Command> system) {
    return new ActorSpawner() {
      @Override
      public <T> ActorRef<T> spawn(Behavior<T> behavior, String name) {
        try {
          return AskPattern.<Command, ActorRef<T>>ask(system, replyTo -> new Spawn<>(behavior, name, replyTo), SPAWN_TIMEOUT,
              system.scheduler()).toCompletableFuture().get(SPAWN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new IllegalStateException("the node guardian did not start " + name, e);
        }
      }
    };
  }
}
