package chorus.persistence.maintenance;

import java.util.List;
import org.jooq.DSLContext;

/**
 * Per-table vacuum health of the schema Chorus migrates, read from {@code pg_stat_user_tables}.
 * Run it on the primary: dead rows are made and vacuumed there, and a standby keeps no such
 * counts.
 */
public final class VacuumStatsRepository {
  private static final String QUERY = """
      SELECT relname, n_live_tup, n_dead_tup,
             coalesce((extract(epoch FROM last_autovacuum) * 1000)::bigint, 0),
             coalesce((extract(epoch FROM last_autoanalyze) * 1000)::bigint, 0)
        FROM pg_stat_user_tables
       WHERE schemaname = current_schema()
       ORDER BY n_dead_tup DESC, relname""";

  /** Every table of the current schema, most dead rows first. */
  public List<TableVacuum> tables(DSLContext dsl) {
    return dsl.resultQuery(QUERY).fetch(row -> TableVacuum.of(
        row.get(0, String.class), row.get(1, Long.class), row.get(2, Long.class), row.get(3, Long.class),
        row.get(4, Long.class)));
  }
}
