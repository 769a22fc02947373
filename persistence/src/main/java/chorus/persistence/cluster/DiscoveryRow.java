package chorus.persistence.cluster;

/**
 * One node's row in {@code cluster_discovery}: where its peers reach its cluster transport
 * ({@code gossipPort}) and its Pekko Management endpoint ({@code managementPort}).
 * Times are the database's clock in milliseconds, so nodes with skewed clocks agree on age.
 */
public record DiscoveryRow(
    String id, String type, String clusterName, String hostname, int gossipPort, int managementPort,
    long createAt, long lastPingAt) {

  /** Mattermost's type for application nodes. */
  public static final String APP_TYPE = "mattermost_app";
}
