package chorus.management.discovery;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap;

/**
 * Joins this node to its cluster without a seed list: binds the {@link NodeDirectory} that
 * the {@code chorus-database} discovery method reads and starts Pekko Management's cluster
 * bootstrap, which probes the nodes found there and joins their cluster, or forms a new one
 * when the set of nodes has been stable for a while and none is in a cluster yet.
 * Pekko Management must be running: peers probe this node through it.
 */
public final class ClusterFormation {
  private ClusterFormation() {}

  public static void start(ActorSystem<?> system, NodeDirectory directory) {
    DiscoveryBinding.get(Adapter.toClassic(system)).bind(directory);
    ClusterBootstrap.get(Adapter.toClassic(system)).start();
  }
}
