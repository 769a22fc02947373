package chorus.persistence.db;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.persistence.datasources.ReplicationCluster;
import chorus.persistence.db.PostgresTuning.Host;
import chorus.persistence.db.PostgresTuning.Role;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The embedded servers run the production settings, scaled to their share of this machine. */
class EmbeddedTuningTest {
  @RegisterExtension
  static final ReplicationCluster cluster = new ReplicationCluster(1, 0);

  @Test
  void thePrimaryRunsTheWriterSettingsForItsShareOfTheMachine() throws SQLException {
    Map<String, String> expected = PostgresTuning.settings(Role.PRIMARY, Host.thisMachine().sharedBy(3), true);
    try (Connection connection = connect(cluster.primary().jdbcUrl())) {
      assertRunning(connection, expected);
      assertThat(show(connection, "synchronous_commit")).isEqualTo("on");
    }
  }

  @Test
  void aStandbyRunsTheReaderSettingsWithHotStandbyFeedback() throws SQLException {
    Map<String, String> expected = PostgresTuning.settings(Role.REPLICA, Host.thisMachine().sharedBy(3), false);
    try (Connection connection = connect(cluster.replica(0).jdbcUrl())) {
      assertRunning(connection, expected);
      assertThat(show(connection, "hot_standby_feedback")).isEqualTo("on");
    }
  }

  /** Sizes compare as bytes (PostgreSQL shows 1024MB as 1GB), the rest in the setting's base unit (5, not 5s). */
  private static void assertRunning(Connection connection, Map<String, String> expected) throws SQLException {
    for (Map.Entry<String, String> setting : expected.entrySet()) {
      String value = setting.getValue();
      if (value.endsWith("MB")) {
        assertThat(query(connection, "SELECT pg_size_bytes(current_setting('" + setting.getKey() + "')) = pg_size_bytes('"
            + value + "')")).as(setting.getKey()).isEqualTo("t");
      } else {
        assertThat(query(connection, "SELECT setting FROM pg_settings WHERE name = '" + setting.getKey() + "'"))
            .as(setting.getKey()).isEqualTo(value);
      }
    }
  }

  private static Connection connect(String url) throws SQLException {
    return DriverManager.getConnection(url, EmbeddedDatabase.USER, "");
  }

  private static String show(Connection connection, String name) throws SQLException {
    return query(connection, "SHOW " + name);
  }

  private static String query(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getString(1);
    }
  }
}
