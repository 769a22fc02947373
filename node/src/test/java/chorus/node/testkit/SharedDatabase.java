package chorus.node.testkit;

import chorus.persistence.db.EmbeddedDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/**
 * One real PostgreSQL that several {@link TestNode}s share, as the nodes of a cluster share
 * their primary; tests also query it directly to see what the API left behind.
 */
public final class SharedDatabase implements AutoCloseable {
  private final Path directory;
  private final EmbeddedDatabase database;

  private SharedDatabase(Path directory, EmbeddedDatabase database) {
    this.directory = directory;
    this.database = database;
  }

  public static SharedDatabase start() throws IOException {
    Path directory = Files.createTempDirectory("chorus-shared-db-");
    return new SharedDatabase(directory, EmbeddedDatabase.start(directory, 100));
  }

  /** The MM_* settings that point a node at this database with a small pool. */
  public Map<String, String> nodeSettings() {
    return Map.of("MM_SQLSETTINGS_DATASOURCE", database.jdbcUrl() + "?user=" + EmbeddedDatabase.USER,
        "MM_SQLSETTINGS_MAXOPENCONNS", "8");
  }

  /** A single number from SQL, e.g. {@code select count(*) from file_info where ...}. */
  public long count(String sql, Object... parameters) {
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), EmbeddedDatabase.USER, "");
         PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  @Override
  public void close() {
    database.close();
    TempFiles.delete(directory);
  }
}
