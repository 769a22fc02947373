package chorus.protocol.config;

import java.util.List;

/** Database settings; an empty {@code DataSource} selects the embedded PostgreSQL under the data directory. */
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
    int replicaMonitorIntervalSeconds) {

  public static SqlSettings defaults() {
    return new SqlSettings("postgres", "", List.of(), List.of(), 20, 300, 3_600_000, 300_000, 30, 5);
  }

  public boolean isEmbedded() {
    return dataSource == null || dataSource.isBlank();
  }
}
