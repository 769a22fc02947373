package chorus.persistence.db;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.persistence.TestDatabase;
import com.zaxxer.hikari.HikariDataSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MigrationsTest {
  @RegisterExtension
  static final TestDatabase db = new TestDatabase();

  @Test
  void migratesToTheLatestVersionAndIsIdempotent() {
    assertThat(db.schemaVersion()).isEqualTo("4");
    assertThat(Migrations.migrate(db.dataSource())).isEqualTo("4");
    assertThat(db.dsl().fetchCount(DSL.table("flyway_schema_history"), DSL.field("success").isTrue())).isEqualTo(4);
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
        assertThat(node.get(60, TimeUnit.SECONDS)).isEqualTo("4");
      }
      assertThat(DSL.using(pools.get(0), SQLDialect.POSTGRES)
          .fetchCount(DSL.table("flyway_schema_history"), DSL.field("success").isTrue())).isEqualTo(4);
    } finally {
      pools.forEach(HikariDataSource::close);
    }
  }
}
