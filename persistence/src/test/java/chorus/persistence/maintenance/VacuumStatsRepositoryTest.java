package chorus.persistence.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import chorus.persistence.TestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.util.Optional;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class VacuumStatsRepositoryTest {
  @RegisterExtension
  static final TestDatabase db = new TestDatabase();

  private final VacuumStatsRepository repository = new VacuumStatsRepository();

  @Test
  void aTableWithManyDeletedRowsIsFlaggedAndTheMigratedTablesAreListed() throws Exception {
    String table = "vacuum_probe_" + System.nanoTime();
    try (Connection connection = db.dataSource().getConnection()) {
      var dsl = DSL.using(connection, SQLDialect.POSTGRES);
      // No autovacuum may clean up behind the test's back.
      dsl.execute("CREATE TABLE " + table + " (id int) WITH (autovacuum_enabled = false)");
      dsl.execute("INSERT INTO " + table + " SELECT generate_series(1, 1000)");
      dsl.execute("DELETE FROM " + table + " WHERE id <= 400");
      // Statistics reach the shared counters when the session flushes them; ask it to do so now.
      dsl.execute("SELECT pg_stat_force_next_flush()");
    }

    TableVacuum probe = await().atMost(Duration.ofSeconds(30))
        .until(() -> find(table), found -> found.isPresent() && found.get().deadTuples() == 400).orElseThrow();
    assertThat(probe.liveTuples()).isEqualTo(600);
    assertThat(probe.deadRatio()).isCloseTo(400.0 / 600, within(1e-9));
    assertThat(probe.needsVacuum()).isTrue();
    assertThat(probe.lastAutovacuum()).isZero();
    assertThat(repository.tables(db.dsl())).extracting(TableVacuum::table).contains("posts", "channels", "channel_events");
  }

  @Test
  void thePostsTableGetsItsOwnAutovacuumSettingsFromTheMigration() {
    String options = db.dsl()
        .fetchValue("SELECT array_to_string(reloptions, ',') FROM pg_class WHERE relname = 'posts'")
        .toString();
    assertThat(options).contains("autovacuum_vacuum_scale_factor=0.05", "autovacuum_vacuum_insert_scale_factor=0.05",
        "autovacuum_analyze_scale_factor=0.02");
  }

  @Test
  void theThresholdIsTheGuidesRatioAboveAutovacuumsOwnMinimum() {
    assertThat(TableVacuum.overThreshold(1000, 201)).isTrue();
    assertThat(TableVacuum.overThreshold(1000, 200)).isFalse();
    assertThat(TableVacuum.overThreshold(10, 50)).isFalse();
    assertThat(TableVacuum.of("empty", 0, 0, 0, 0).deadRatio()).isZero();
  }

  private Optional<TableVacuum> find(String table) {
    return repository.tables(db.dsl()).stream().filter(t -> t.table().equals(table)).findFirst();
  }
}
