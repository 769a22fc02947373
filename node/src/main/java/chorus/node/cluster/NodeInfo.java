package chorus.node.cluster;

import chorus.protocol.api.ClusterInfo;

/**
 * What this node reports about itself in cluster status. The config hash is fixed at start
 * and leaves ClusterSettings out (see {@link chorus.protocol.config.ConfigHash}).
 */
public record NodeInfo(String nodeId, String version, String schemaVersion, String configHash, AdvertisedHost host) {

  public ClusterInfo current() {
    return new ClusterInfo(nodeId, version, schemaVersion, configHash, host.ipAddress(), host.hostname());
  }
}
