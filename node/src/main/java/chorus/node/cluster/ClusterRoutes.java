package chorus.node.cluster;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import chorus.management.status.NodeInfoService;
import chorus.node.http.ApiContext;
import chorus.node.http.ApiDirectives;
import chorus.node.http.ApiException;
import chorus.protocol.api.ClusterInfo;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /cluster/status}: one {@link ClusterInfo} per live node, for system admins;
 * {@code []} when clustering is off, as in Mattermost.
 */
public final class ClusterRoutes extends ApiDirectives {
  private final Optional<NodeInfoService> nodes;

  public ClusterRoutes(ApiContext context, Optional<NodeInfoService> nodes) {
    super(context);
    this.nodes = nodes;
  }

  public Route routes() {
    return path(segment("cluster").slash("status"), () -> get(() -> authenticated(caller -> {
      if (!caller.isSystemAdmin()) {
        throw ApiException.forbidden();
      }
      return respondOk(nodes.map(service -> service.clusterInfos().thenApply(described -> described.stream()
              .map(n -> new ClusterInfo(n.id(), n.version(), n.schemaVersion(), n.configHash(), n.ipAddress(), n.hostname(),
                  n.runJobs(), n.runScheduler()))
              .toList()))
          .orElseGet(() -> CompletableFuture.completedFuture(List.<ClusterInfo>of())));
    })));
  }
}
