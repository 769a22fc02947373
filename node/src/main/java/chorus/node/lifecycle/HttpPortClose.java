package chorus.node.lifecycle;

import java.time.Duration;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.ServerBinding;

/**
 * How a stopping node's HTTP port closes, after {@link NodeDrain}: in two steps, with a grace
 * between them.
 *
 * <p>A proxy keeps idle connections open to its nodes. If a node closes one at the moment the
 * proxy sends a request into it, the proxy cannot know whether the node ran the request, so it
 * must not pass a POST on to another node: the client gets a 502. Pekko HTTP's terminate closes
 * every idle connection at once, the moment the port closes, while a proxy with only passive
 * health checks (nginx) may still be choosing this node.
 *
 * <p>So the port stops accepting first. A proxy's next new connection to this node is refused,
 * which every proxy retries on another node for any method (the request never left it), and
 * which takes this node out of nginx's rotation. Requests on connections the proxy already
 * holds are still answered for {@link #GRACE}, each with {@code Connection: close} (the node is
 * draining), so the proxy uses those connections up. Only then does terminate close what is
 * still idle, when no proxy that has sent anything in the meantime is choosing this node. Requests
 * in flight get {@link #IN_FLIGHT} to finish.
 */
public final class HttpPortClose {
  /** Well under coordinated shutdown's 5-s {@code service-unbind} phase it runs in. */
  public static final Duration GRACE = Duration.ofSeconds(2);
  /** {@code service-requests-done}, where terminate runs, must allow more than this. */
  public static final Duration IN_FLIGHT = Duration.ofSeconds(10);

  private HttpPortClose() {}

  /**
   * Adds both steps to coordinated shutdown. {@code withGrace} is false where no proxy has
   * another node to send the traffic to, so that waiting would only delay the stop.
   */
  public static void register(ActorSystem<?> system, ServerBinding binding, boolean withGrace) {
    Duration grace = withGrace ? GRACE : Duration.ZERO;
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
    shutdown.addTask(CoordinatedShutdown.PhaseServiceUnbind(), "chorus-http-unbind",
        () -> binding.unbind().thenCompose(unbound -> NodeDrain.after(grace)).thenApply(waited -> Done.getInstance()));
    shutdown.addTask(CoordinatedShutdown.PhaseServiceRequestsDone(), "chorus-http-terminate",
        () -> binding.terminate(IN_FLIGHT).thenApply(terminated -> Done.getInstance()));
  }
}
