package chorus.management.readiness;

import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * Whether this node should get new work, in one place that the load balancer's two views
 * read: {@code GET /api/v4/system/ping} and Pekko Management's {@code /ready}. A node is
 * {@link State#STARTING} until its WebSocket hub has verified the bus with every other node,
 * {@link State#READY} while it serves, and {@link State#DRAINING} from the moment it is told
 * to stop: proxies take it out of rotation, then it hands its WebSockets to the nodes that
 * stay, and only then closes them.
 *
 * <p>An actor-system extension, so that the health check Pekko Management instantiates by
 * class name finds the same instance as the node without static state.
 */
public final class Readiness implements Extension {
  /** The node's phase; it only ever moves forward. */
  public enum State { STARTING, READY, DRAINING }

  private final AtomicReference<State> state = new AtomicReference<>(State.STARTING);

  public static Readiness get(ActorSystem<?> system) {
    return Id.INSTANCE.apply(system);
  }

  public State state() {
    return state.get();
  }

  public boolean isReady() {
    return state.get() == State.READY;
  }

  public boolean isDraining() {
    return state.get() == State.DRAINING;
  }

  /** The node serves; ignored once draining. */
  public void ready() {
    state.compareAndSet(State.STARTING, State.READY);
  }

  /** The node is stopping: from now on it reports not ready. */
  public void drain() {
    state.set(State.DRAINING);
  }

  private static final class Id extends ExtensionId<Readiness> {
    private static final Id INSTANCE = new Id();

    @Override
    public Readiness createExtension(ActorSystem<?> system) {
      return new Readiness();
    }
  }
}
