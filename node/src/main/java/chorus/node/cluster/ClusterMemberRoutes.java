package chorus.node.cluster;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import chorus.node.http.ApiContext;
import chorus.node.http.ApiDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /cluster/members}, a Chorus addition for system admins: the Pekko cluster's
 * members, shard placement and singleton placement as this node sees them ({@link ClusterView}).
 * The System Console's Cluster page reads it.
 */
public final class ClusterMemberRoutes extends ApiDirectives {
  private final ClusterView view;

  public ClusterMemberRoutes(ApiContext context, ClusterView view) {
    super(context);
    this.view = view;
  }

  public Route routes() {
    return path(segment("cluster").slash("members"), () -> get(() -> authenticated(caller -> {
      caller.requireSystemAdmin();
      return respondOk(view.current());
    })));
  }
}
