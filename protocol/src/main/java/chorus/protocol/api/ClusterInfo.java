package chorus.protocol.api;

/**
 * One live node, as {@code GET /api/v4/cluster/status} lists it (Mattermost's
 * {@code model.ClusterInfo}). {@code configHash} leaves ClusterSettings out, so nodes that
 * differ only in their own host and ports still match.
 */
public record ClusterInfo(String id, String version, String schemaVersion, String configHash, String ipaddress, String hostname) {}
