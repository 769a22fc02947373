package chorus.persistence.datasources;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

/**
 * One health check of one replica, asked of the replica itself: open a fresh connection (so a
 * dead server or a full connection table shows, which a pooled connection would hide), check
 * that it is still a standby, and read its replay lag.
 *
 * <p>Lag is {@code now - pg_last_xact_replay_timestamp()} while WAL has been received but not
 * yet replayed, and 0 when replay has caught up with what arrived: an idle primary sends
 * nothing, and the age of the last replayed transaction would then grow without any lag. A
 * server that is not in recovery is taken out: it is a promoted standby (or a misconfigured
 * primary) that no longer follows the primary, so its data diverges from every write to come.
 */
final class ReplicaProbe {
  static final String LAG_QUERY = """
      SELECT pg_is_in_recovery(),
             CASE WHEN NOT pg_is_in_recovery() THEN 0
                  WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
                  ELSE COALESCE((EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp()) * 1000)::bigint, 0)
             END
      """;

  private final Duration timeout;

  ReplicaProbe(Duration timeout) {
    this.timeout = timeout;
  }

  /** Probes {@code replica} and records the verdict on it; never throws. */
  void probe(Source replica, long lagLimitMillis) {
    try (Connection connection = connect(replica);
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(LAG_QUERY)) {
      row.next();
      if (!row.getBoolean(1)) {
        replica.takeOut("not in recovery: the server is no standby (promoted?) and no longer follows the primary");
        return;
      }
      replica.probed(Math.max(0, row.getLong(2)), lagLimitMillis);
    } catch (SQLException | RuntimeException e) {
      replica.takeOut("probe failed: " + e.getMessage());
    }
  }

  private Connection connect(Source replica) throws SQLException {
    Properties properties = new Properties();
    if (!replica.target().user().isEmpty()) {
      properties.setProperty("user", replica.target().user());
    }
    if (!replica.target().password().isEmpty()) {
      properties.setProperty("password", replica.target().password());
    }
    String seconds = Long.toString(Math.max(1, timeout.toSeconds()));
    properties.setProperty("connectTimeout", seconds);
    properties.setProperty("socketTimeout", seconds);
    properties.setProperty("ApplicationName", "chorus-replica-monitor");
    return DriverManager.getConnection(replica.target().jdbcUrl(), properties);
  }
}
