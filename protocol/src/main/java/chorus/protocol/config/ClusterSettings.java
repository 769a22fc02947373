package chorus.protocol.config;

/** Cluster settings; {@code ManagementPort} is Chorus' own addition (Pekko Management's HTTP port). */
public record ClusterSettings(
    boolean enable,
    String clusterName,
    String overrideHostname,
    boolean useIpAddress,
    boolean readOnlyConfig,
    int gossipPort,
    int managementPort) {

  public static ClusterSettings defaults() {
    return new ClusterSettings(false, "", "", true, true, 8074, 8558);
  }
}
