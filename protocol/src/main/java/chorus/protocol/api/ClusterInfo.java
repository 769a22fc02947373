package chorus.protocol.api;

/**
 * One live node, as {@code GET /api/v4/cluster/status} lists it (Mattermost's
 * {@code model.ClusterInfo}). {@code configHash} leaves ClusterSettings out, so nodes that
 * differ only in their own host and ports still match. {@code run_jobs} and {@code run_scheduler}
 * are Chorus additions (clients ignore them): the node's {@code JobSettings}. When no listed node
 * has {@code run_scheduler}, no job is scheduled.
 */
public record ClusterInfo(String id, String version, String schemaVersion, String configHash, String ipaddress, String hostname,
    boolean runJobs, boolean runScheduler) {}
