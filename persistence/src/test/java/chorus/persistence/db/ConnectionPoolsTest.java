package chorus.persistence.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chorus.persistence.TestDatabase;
import chorus.protocol.config.SqlSettings;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.List;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConnectionPoolsTest {
  @RegisterExtension
  static final TestDatabase db = new TestDatabase();

  private static final JdbcTarget TARGET = new JdbcTarget("jdbc:postgresql://h:5432/db", "u", "p");

  private static SqlSettings settings(int maxIdle, int maxOpen, long lifetime, long idle, int queryTimeout) {
    return new SqlSettings("postgres", "", List.of(), List.of(), maxIdle, maxOpen, lifetime, idle, queryTimeout, 5, 10_000);
  }

  @Test
  void mapsMattermostSettingsOntoHikari() {
    HikariConfig config = ConnectionPools.config("primary", TARGET, settings(20, 300, 3_600_000, 300_000, 30));

    assertThat(config.getPoolName()).isEqualTo("primary");
    assertThat(config.getJdbcUrl()).isEqualTo(TARGET.jdbcUrl());
    assertThat(config.getUsername()).isEqualTo("u");
    assertThat(config.getPassword()).isEqualTo("p");
    assertThat(config.getMaximumPoolSize()).isEqualTo(300);
    assertThat(config.getMinimumIdle()).isEqualTo(20);
    assertThat(config.getMaxLifetime()).isEqualTo(3_600_000);
    assertThat(config.getIdleTimeout()).isEqualTo(300_000);
    assertThat(config.getConnectionInitSql()).isEqualTo("SET statement_timeout = 30000");
  }

  @Test
  void idleNeverExceedsOpenAndSmallTimesAreRaisedToHikariMinimums() {
    HikariConfig config = ConnectionPools.config("p", TARGET, settings(5, 10, 1_000, 1_000, 0));

    assertThat(config.getMaxLifetime()).isEqualTo(ConnectionPools.MIN_LIFETIME_MILLIS);
    assertThat(config.getIdleTimeout()).isEqualTo(ConnectionPools.MIN_IDLE_TIMEOUT_MILLIS);
    assertThat(config.getConnectionInitSql()).isNull();
    assertThat(ConnectionPools.config("p", TARGET, settings(50, 10, 0, 60_000, 0)).getMinimumIdle()).isEqualTo(10);
  }

  @Test
  void aFixedSizePoolHasNoIdleTimeout() {
    assertThat(ConnectionPools.config("p", TARGET, settings(10, 10, 0, 60_000, 0)).getIdleTimeout()).isZero();
  }

  @Test
  void zeroLifetimeAndIdleTimeMeanUnlimited() {
    HikariConfig config = ConnectionPools.config("p", TARGET, settings(1, 2, 0, 0, 5));

    assertThat(config.getMaxLifetime()).isZero();
    assertThat(config.getIdleTimeout()).isZero();
  }

  @Test
  void invalidSettingsAreNamed() {
    assertThatThrownBy(() -> ConnectionPools.config("p", TARGET, settings(1, 0, 0, 0, 5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SqlSettings.MaxOpenConns");
    assertThatThrownBy(() -> ConnectionPools.config("p", TARGET, settings(-1, 5, 0, 0, 5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SqlSettings.MaxIdleConns");
    assertThatThrownBy(() -> ConnectionPools.config("p", TARGET, settings(1, 5, 0, 0, -1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SqlSettings.QueryTimeout");
  }

  @Test
  void queryTimeoutBecomesTheServerSideStatementTimeout() {
    try (HikariDataSource pool = ConnectionPools.create("timeout", db.database().target(), settings(1, 2, 0, 0, 7))) {
      String timeout = DSL.using(pool, SQLDialect.POSTGRES).fetchValue(DSL.field("current_setting({0})", String.class, "statement_timeout"));

      assertThat(timeout).isEqualTo("7s");
      assertThat(pool.getMaximumPoolSize()).isEqualTo(2);
    }
  }
}
