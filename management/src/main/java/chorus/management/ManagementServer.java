package chorus.management;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts Pekko Management on {@code ClusterSettings.ManagementPort}: {@code /alive} and
 * {@code /ready} for load balancers and orchestrators, {@code /cluster/members} for operators.
 * The port and host come from the node's injected configuration.
 */
public final class ManagementServer {
  private static final Logger log = LoggerFactory.getLogger(ManagementServer.class);

  private ManagementServer() {}

  public static void start(ActorSystem<?> system) {
    PekkoManagement.get(system).start().whenComplete((uri, failure) -> {
      if (failure != null) {
        log.error("Pekko Management did not start", failure);
      } else {
        log.info("Pekko Management listening on {}", uri);
      }
    });
  }
}
