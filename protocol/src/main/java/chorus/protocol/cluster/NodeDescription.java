package chorus.protocol.cluster;

/**
 * What a node says about itself when asked for the cluster status; the REST
 * {@code ClusterInfo} is made from it, so the wire between nodes stays put when the REST
 * shape changes. {@code runJobs} and {@code runScheduler} are the node's {@code JobSettings}.
 */
public record NodeDescription(String id, String version, String schemaVersion, String configHash, String ipAddress,
    String hostname, boolean runJobs, boolean runScheduler) implements CborSerializable {}
