package chorus.node.cluster;

import chorus.protocol.cluster.NodeDescription;

/**
 * What this node reports about itself in cluster status. The config hash is fixed at start
 * and leaves ClusterSettings out (see {@link chorus.protocol.config.ConfigHash}).
 */
public record NodeInfo(String nodeId, String version, String schemaVersion, String configHash, AdvertisedHost host,
    boolean runJobs, boolean runScheduler) {

  public NodeDescription current() {
    return new NodeDescription(nodeId, version, schemaVersion, configHash, host.ipAddress(), host.hostname(), runJobs,
        runScheduler);
  }
}
