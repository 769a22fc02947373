package chorus.management;

import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts Pekko Management on {@code ClusterSettings.ManagementPort}: {@code /alive} and
 * {@code /ready} for load balancers and orchestrators, {@code /cluster/members} for operators,
 * and the {@code /bootstrap/seed-nodes} endpoint through which cluster bootstrap's peers probe it.
 * The port and host come from the node's injected configuration.
 */
public final class ManagementServer {
  private static final Logger log = LoggerFactory.getLogger(ManagementServer.class);

  private ManagementServer() {}

  /** Starts the endpoint; the stage completes with the bound address (the port may have been 0). */
  public static CompletionStage<Uri> start(ActorSystem<?> system) {
    return PekkoManagement.get(system).start().whenComplete((uri, failure) -> {
      if (failure != null) {
        log.error("Pekko Management did not start", failure);
      } else {
        log.info("Pekko Management listening on {}", uri);
      }
    });
  }
}
