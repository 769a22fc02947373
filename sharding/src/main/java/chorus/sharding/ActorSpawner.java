package chorus.sharding;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;

/**
 * Where a component starts its long-lived actors. A node passes its guardian, so that every
 * application actor lives under the one behaviour that supervises them; tests may pass
 * {@link #systemActors}.
 */
public interface ActorSpawner {
  <T> ActorRef<T> spawn(Behavior<T> behavior, String name);

  /** Spawns as system actors of {@code system} (for tests and tools without a guardian). */
  static ActorSpawner systemActors(ActorSystem<?> system) {
    return new ActorSpawner() {
      @Override
      public <T> ActorRef<T> spawn(Behavior<T> behavior, String name) {
        return system.systemActorOf(behavior, name, Props.empty());
      }
    };
  }
}
