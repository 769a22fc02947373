package chorus.persistence.datasources;

import chorus.persistence.TestDatabase;
import chorus.persistence.db.ConnectionPools;
import chorus.persistence.db.EmbeddedDatabase;
import chorus.persistence.db.EmbeddedStandby;
import chorus.persistence.db.JdbcTarget;
import chorus.persistence.db.Migrations;
import chorus.protocol.config.SqlSettings;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Real streaming replication per test class: a migrated primary, {@code replicas} hot standbys
 * and {@code searchReplicas} more for search, all from the same embedded binaries. Register as
 * {@code @RegisterExtension static final ReplicationCluster cluster = new ReplicationCluster(2, 1);}.
 * Tests of one class share it, so a test that stops or delays a standby undoes that itself or
 * lives in a class of its own.
 */
public final class ReplicationCluster implements BeforeAllCallback, AfterAllCallback {
  private final int replicaCount;
  private final int searchReplicaCount;
  private Path directory;
  private EmbeddedDatabase primary;
  private final List<EmbeddedStandby> replicas = new ArrayList<>();
  private final List<EmbeddedStandby> searchReplicas = new ArrayList<>();

  public ReplicationCluster(int replicas, int searchReplicas) {
    this.replicaCount = replicas;
    this.searchReplicaCount = searchReplicas;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    Path root = Files.createDirectories(Path.of("target", "test-databases"));
    directory = Files.createTempDirectory(root, context.getRequiredTestClass().getSimpleName() + "-").toAbsolutePath();
    primary = EmbeddedDatabase.start(directory, 60);
    try (HikariDataSource migrator = ConnectionPools.create("migrate", primary.target(), TestDatabase.settings(2))) {
      Migrations.migrate(migrator);
    }
    for (int i = 0; i < replicaCount; i++) {
      replicas.add(EmbeddedStandby.start(primary, directory.resolve("replica" + i), "replica" + i, 60));
    }
    for (int i = 0; i < searchReplicaCount; i++) {
      searchReplicas.add(EmbeddedStandby.start(primary, directory.resolve("search" + i), "search" + i, 60));
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      for (EmbeddedStandby standby : all()) {
        try {
          standby.close();
        } catch (RuntimeException alreadyStopped) {
          // A test stopped it on purpose.
        }
      }
      if (primary != null) {
        primary.close();
      }
    } finally {
      TestDatabase.deleteRecursively(directory);
    }
  }

  public EmbeddedDatabase primary() {
    return primary;
  }

  public EmbeddedStandby replica(int i) {
    return replicas.get(i);
  }

  public EmbeddedStandby searchReplica(int i) {
    return searchReplicas.get(i);
  }

  public Path directory() {
    return directory;
  }

  /** Every source of the cluster, with these settings. */
  public SourcePlan plan(SqlSettings settings) {
    return new SourcePlan(primary.target(), replicas.stream().map(EmbeddedStandby::target).toList(),
        searchReplicas.stream().map(EmbeddedStandby::target).toList(), settings);
  }

  /** Pool settings for tests: 8 connections, monitor every second, the given lag limit. */
  public static SqlSettings settings(long lagLimitMillis) {
    return new SqlSettings("postgres", "", List.of(), List.of(), 2, 8, 3_600_000, 300_000, 30, 1, lagLimitMillis);
  }

  /** Sets {@code recovery_min_apply_delay} on a standby (0 to undo); it takes effect on reload, no restart. */
  public static void delayReplay(EmbeddedStandby standby, long millis) {
    execute(standby.target(), "ALTER SYSTEM SET recovery_min_apply_delay = '" + millis + "ms'", "SELECT pg_reload_conf()");
  }

  public static void execute(JdbcTarget target, String... statements) {
    try (Connection connection = DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password());
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private List<EmbeddedStandby> all() {
    List<EmbeddedStandby> all = new ArrayList<>(replicas);
    all.addAll(searchReplicas);
    return all;
  }
}
