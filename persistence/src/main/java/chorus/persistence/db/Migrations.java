package chorus.persistence.db;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;

/**
 * Brings the schema up to date with the SQL files under {@code classpath:db/migration}.
 * Every node calls this at start; Flyway takes a PostgreSQL advisory lock for the run, so
 * when several nodes start together one migrates and the others find the work done.
 */
public final class Migrations {
  public static final String LOCATION = "classpath:db/migration";

  private Migrations() {}

  /**
   * Applies pending migrations and returns the schema version now in force ("0" for none).
   * A node of the previous release, started against a schema a newer node already migrated,
   * finds migrations it does not know applied: Flyway ignores such future versions, and the
   * expand-then-contract rule (UPGRADING.md) keeps its queries working.
   */
  public static String migrate(DataSource dataSource) {
    return migrate(dataSource, LOCATION);
  }

  static String migrate(DataSource dataSource, String location) {
    Flyway flyway = Flyway.configure()
        .dataSource(dataSource)
        .locations(location)
        .load();
    flyway.migrate();
    MigrationInfo current = flyway.info().current();
    return current == null || current.getVersion() == null ? "0" : current.getVersion().getVersion();
  }
}
