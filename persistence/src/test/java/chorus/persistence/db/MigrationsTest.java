package chorus.persistence.db;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.persistence.TestDatabase;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {
  @RegisterExtension
  static final TestDatabase db = new TestDatabase();

  private static final Path MIGRATIONS = Path.of("src", "main", "resources", "db", "migration");

  /** The migration files, oldest first; the expectations below follow them, so a new one needs no edit here. */
  private static List<Path> migrationFiles() throws IOException {
    try (Stream<Path> files = Files.list(MIGRATIONS)) {
      return files.sorted(Comparator.comparing(MigrationsTest::version)).toList();
    }
  }

  private static String latestVersion() throws IOException {
    List<Path> all = migrationFiles();
    return Integer.toString(version(all.get(all.size() - 1)));
  }

  @Test
  void migratesToTheLatestVersionAndIsIdempotent() throws IOException {
    assertThat(db.schemaVersion()).isEqualTo(latestVersion());
    assertThat(Migrations.migrate(db.dataSource())).isEqualTo(latestVersion());
    assertThat(db.dsl().fetchCount(DSL.table("flyway_schema_history"), DSL.field("success").isTrue()))
        .isEqualTo(migrationFiles().size());
  }

  /** Three "nodes" start at once on an empty database: Flyway's lock lets exactly one migrate. */
  @Test
  void nodesMigratingTogetherAgree() throws Exception {
    String name = "fresh_" + System.nanoTime();
    db.dsl().execute("CREATE DATABASE " + name);
    JdbcTarget fresh = new JdbcTarget(db.database().jdbcUrl().replace("/postgres", "/" + name), EmbeddedDatabase.USER, "");
    List<HikariDataSource> pools = List.of(
        ConnectionPools.create("a", fresh, TestDatabase.settings(2)),
        ConnectionPools.create("b", fresh, TestDatabase.settings(2)),
        ConnectionPools.create("c", fresh, TestDatabase.settings(2)));
    try {
      List<CompletableFuture<String>> nodes = pools.stream()
          .map(pool -> CompletableFuture.supplyAsync(() -> Migrations.migrate(pool)))
          .toList();

      for (CompletableFuture<String> node : nodes) {
        assertThat(node.get(60, TimeUnit.SECONDS)).isEqualTo(latestVersion());
      }
      assertThat(DSL.using(pools.get(0), SQLDialect.POSTGRES)
          .fetchCount(DSL.table("flyway_schema_history"), DSL.field("success").isTrue())).isEqualTo(migrationFiles().size());
    } finally {
      pools.forEach(HikariDataSource::close);
    }
  }

  /**
   * During a rolling upgrade a node of the previous release (re)starts against the schema a
   * newer node migrated: it must start, not fail on migrations it has never heard of.
   */
  @Test
  void aNodeOfThePreviousReleaseStartsAgainstTheNewerSchema(@TempDir Path olderRelease) throws Exception {
    List<Path> all = migrationFiles();
    for (Path file : all.subList(0, all.size() - 1)) {
      Files.copy(file, olderRelease.resolve(file.getFileName()));
    }

    String seenByOlderNode = Migrations.migrate(db.dataSource(), "filesystem:" + olderRelease);

    assertThat(seenByOlderNode).isEqualTo(db.schemaVersion());
  }

  private static int version(Path migration) {
    String name = migration.getFileName().toString();
    return Integer.parseInt(name.substring(1, name.indexOf("__")));
  }
}
