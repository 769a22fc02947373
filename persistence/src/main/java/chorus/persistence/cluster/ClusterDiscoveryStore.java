package chorus.persistence.cluster;

import chorus.persistence.pool.PersistencePool;
import chorus.persistence.pool.ReadPreference;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * {@code cluster_discovery} through the persistence pool, for code outside this module that
 * must not touch SQL. Everything runs on the primary, like every discovery query in
 * Mattermost: a lagging replica could hide a node that just registered.
 */
public final class ClusterDiscoveryStore {
  private final PersistencePool pool;
  private final ClusterDiscoveryRepository rows;

  public ClusterDiscoveryStore(PersistencePool pool, ClusterDiscoveryRepository rows) {
    this.pool = pool;
    this.rows = rows;
  }

  public CompletionStage<DiscoveryRow> register(String id, String clusterName, String hostname, int gossipPort, int managementPort) {
    return pool.write(dsl -> rows.register(dsl, id, DiscoveryRow.APP_TYPE, clusterName, hostname, gossipPort, managementPort));
  }

  /** Pings the row and deletes rows not pinged for {@code deleteAfter}; false when the row is gone. */
  public CompletionStage<Boolean> pingAndClean(String id, Duration deleteAfter) {
    return pool.write(dsl -> {
      boolean present = rows.ping(dsl, id);
      rows.deleteStale(dsl, deleteAfter);
      return present;
    });
  }

  public CompletionStage<Boolean> delete(String id) {
    return pool.write(dsl -> rows.delete(dsl, id));
  }

  public CompletionStage<List<DiscoveryRow>> live(String clusterName, Duration freshWithin) {
    return pool.read(ReadPreference.PRIMARY, dsl -> rows.live(dsl, DiscoveryRow.APP_TYPE, clusterName, freshWithin));
  }
}
