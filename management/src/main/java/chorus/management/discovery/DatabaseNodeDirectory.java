package chorus.management.discovery;

import chorus.persistence.cluster.ClusterDiscoveryStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** The {@link NodeDirectory} backed by {@code cluster_discovery}: nodes pinged within {@code freshWithin}. */
public final class DatabaseNodeDirectory implements NodeDirectory {
  private final ClusterDiscoveryStore store;
  private final Duration freshWithin;

  public DatabaseNodeDirectory(ClusterDiscoveryStore store, Duration freshWithin) {
    this.store = store;
    this.freshWithin = freshWithin;
  }

  @Override
  public CompletionStage<List<ContactPoint>> contactPoints(String clusterName) {
    return store.live(clusterName, freshWithin)
        .thenApply(live -> live.stream().map(r -> new ContactPoint(r.hostname(), r.managementPort())).toList());
  }
}
