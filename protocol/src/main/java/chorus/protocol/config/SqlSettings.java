package chorus.protocol.config;

import java.util.List;

/**
 * Database settings; an empty {@code DataSource} selects the embedded PostgreSQL under the data directory.
 *
 * <p>{@code ReplicaLagLimitMilliseconds} is a Chorus addition: a replica whose replay lags the
 * primary by more than this is taken out of rotation until it catches up (0 keeps lagging
 * replicas in). Mattermost's {@code ReplicaLagSettings} only feeds metrics and is not read.
 */
public record SqlSettings(
    String driverName,
    String dataSource,
    List<String> dataSourceReplicas,
    List<String> dataSourceSearchReplicas,
    int maxIdleConns,
    int maxOpenConns,
    long connMaxLifetimeMilliseconds,
    long connMaxIdleTimeMilliseconds,
    int queryTimeout,
    int replicaMonitorIntervalSeconds,
    long replicaLagLimitMilliseconds) {

  public static final long DEFAULT_REPLICA_LAG_LIMIT_MILLISECONDS = 10_000;

  public static SqlSettings defaults() {
    return new SqlSettings("postgres", "", List.of(), List.of(), 20, 300, 3_600_000, 300_000, 30, 5, DEFAULT_REPLICA_LAG_LIMIT_MILLISECONDS);
  }

  public boolean isEmbedded() {
    return dataSource == null || dataSource.isBlank();
  }
}
