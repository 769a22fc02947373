package chorus.persistence.datasources;

import chorus.persistence.TestDatabase;
import chorus.persistence.db.ConnectionPools;
import chorus.persistence.db.EmbeddedDatabase;
import chorus.persistence.db.EmbeddedStandby;
import chorus.persistence.db.LocalReplicaSet;
import chorus.persistence.db.Migrations;
import chorus.protocol.config.SqlSettings;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
  private LocalReplicaSet servers;

  public ReplicationCluster(int replicas, int searchReplicas) {
    this.replicaCount = replicas;
    this.searchReplicaCount = searchReplicas;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    Path root = Files.createDirectories(Path.of("target", "test-databases"));
    directory = Files.createTempDirectory(root, context.getRequiredTestClass().getSimpleName() + "-").toAbsolutePath();
    servers = LocalReplicaSet.start(directory, 0, 0, 60);
    try (HikariDataSource migrator = ConnectionPools.create("migrate", servers.primary().target(), TestDatabase.settings(2))) {
      Migrations.migrate(migrator);
    }
    // The standbys are copied after the migration, so they start with the schema.
    servers.close();
    servers = LocalReplicaSet.start(directory, replicaCount, searchReplicaCount, 60);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      if (servers != null) {
        servers.close();
      }
    } finally {
      TestDatabase.deleteRecursively(directory);
    }
  }

  public EmbeddedDatabase primary() {
    return servers.primary();
  }

  public EmbeddedStandby replica(int i) {
    return servers.replicas().get(i);
  }

  public EmbeddedStandby searchReplica(int i) {
    return servers.searchReplicas().get(i);
  }

  public Path directory() {
    return directory;
  }

  /** Every source of the cluster, with these settings. */
  public SourcePlan plan(SqlSettings settings) {
    return new SourcePlan(servers.primary().target(), servers.replicas().stream().map(EmbeddedStandby::target).toList(),
        servers.searchReplicas().stream().map(EmbeddedStandby::target).toList(), settings);
  }

  /** Pool settings for tests: 8 connections, monitor every second, the given lag limit. */
  public static SqlSettings settings(long lagLimitMillis) {
    return new SqlSettings("postgres", "", List.of(), List.of(), 2, 8, 3_600_000, 300_000, 30, 1, lagLimitMillis);
  }
}
