package chorus.persistence.pool;

import java.util.Objects;
import javax.sql.DataSource;

/**
 * The one place that decides which data source serves a request. Today there is only the
 * primary, so every preference resolves to it; replica health tracking (later) changes this
 * class only: REPLICA → a healthy replica round-robin, SEARCH → search replica, else replica.
 */
final class DataSourceRouting {
  private final DataSource primary;

  DataSourceRouting(DataSource primary) {
    this.primary = Objects.requireNonNull(primary, "primary");
  }

  DataSource primary() {
    return primary;
  }

  DataSource forRead(ReadPreference where) {
    return switch (where) {
      case PRIMARY, REPLICA, SEARCH -> primary;
    };
  }
}
