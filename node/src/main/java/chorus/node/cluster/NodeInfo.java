package chorus.node.cluster;

import chorus.protocol.cluster.NodeDescription;
import java.util.function.Supplier;

/**
 * What this node reports about itself in cluster status. The config hash is the current
 * configuration's (it changes with a reload or a save) and leaves ClusterSettings out (see
 * {@link chorus.protocol.config.ConfigHash}).
 */
public record NodeInfo(String nodeId, String version, String schemaVersion, Supplier<String> configHash, AdvertisedHost host,
    boolean runJobs, boolean runScheduler) {

  public NodeDescription current() {
    return new NodeDescription(nodeId, version, schemaVersion, configHash.get(), host.ipAddress(), host.hostname(), runJobs,
        runScheduler);
  }
}
