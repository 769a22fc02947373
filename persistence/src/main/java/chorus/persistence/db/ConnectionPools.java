package chorus.persistence.db;

import chorus.protocol.config.SqlSettings;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;

/**
 * Builds one HikariCP pool for one data source from Mattermost's per-data-source settings.
 * The primary and, later, each replica get their own pool from the same settings, as
 * Mattermost applies {@code MaxOpenConns} and {@code MaxIdleConns} to each data source.
 *
 * <p>{@code QueryTimeout} becomes the session's {@code statement_timeout}, set when the
 * connection opens, so it bounds every statement on the server side, including those the
 * driver's own timeouts cannot interrupt.
 */
public final class ConnectionPools {
  /** HikariCP ignores (and resets to its default) a max lifetime below this. */
  static final long MIN_LIFETIME_MILLIS = 30_000;
  /** HikariCP ignores (and resets to its default) an idle timeout below this. */
  static final long MIN_IDLE_TIMEOUT_MILLIS = 10_000;

  /** The socket timeout exceeds the statement timeout, so the server's own cancel wins when it can. */
  static final int SOCKET_TIMEOUT_MARGIN_SECONDS = 10;

  private ConnectionPools() {}

  /** Opens the pool; it fails fast if the database cannot be reached now. */
  public static HikariDataSource create(String poolName, JdbcTarget target, SqlSettings settings) {
    return new HikariDataSource(config(poolName, target, settings));
  }

  /** As {@link #create(String, JdbcTarget, SqlSettings)}, giving up on a connection after {@code connectionTimeout}. */
  public static HikariDataSource create(String poolName, JdbcTarget target, SqlSettings settings, Duration connectionTimeout) {
    HikariConfig config = config(poolName, target, settings);
    config.setConnectionTimeout(connectionTimeout.toMillis());
    return new HikariDataSource(config);
  }

  /**
   * Opens a pool for a replica without connecting: a replica that is down when the node
   * starts (or reloads) must not stop it, and a read must give up on a dead replica quickly
   * and move on, so connection waits are bounded by {@code connectionTimeout}.
   */
  public static HikariDataSource createLazily(String poolName, JdbcTarget target, SqlSettings settings, Duration connectionTimeout) {
    HikariConfig config = config(poolName, target, settings);
    config.setInitializationFailTimeout(-1);
    config.setConnectionTimeout(connectionTimeout.toMillis());
    return new HikariDataSource(config);
  }

  /** The pool configuration, validated; each invalid setting is named in the exception. */
  public static HikariConfig config(String poolName, JdbcTarget target, SqlSettings settings) {
    if (settings.maxOpenConns() < 1) {
      throw new IllegalArgumentException("SqlSettings.MaxOpenConns must be at least 1, got " + settings.maxOpenConns());
    }
    if (settings.maxIdleConns() < 0) {
      throw new IllegalArgumentException("SqlSettings.MaxIdleConns must not be negative, got " + settings.maxIdleConns());
    }
    if (settings.queryTimeout() < 0) {
      throw new IllegalArgumentException("SqlSettings.QueryTimeout must not be negative, got " + settings.queryTimeout());
    }
    if (settings.connMaxLifetimeMilliseconds() < 0) {
      throw new IllegalArgumentException("SqlSettings.ConnMaxLifetimeMilliseconds must not be negative");
    }
    if (settings.connMaxIdleTimeMilliseconds() < 0) {
      throw new IllegalArgumentException("SqlSettings.ConnMaxIdleTimeMilliseconds must not be negative");
    }
    HikariConfig config = new HikariConfig();
    config.setPoolName(poolName);
    config.setJdbcUrl(target.jdbcUrl());
    if (!target.user().isEmpty()) {
      config.setUsername(target.user());
    }
    if (!target.password().isEmpty()) {
      config.setPassword(target.password());
    }
    config.setMaximumPoolSize(settings.maxOpenConns());
    int minimumIdle = Math.min(settings.maxIdleConns(), settings.maxOpenConns());
    config.setMinimumIdle(minimumIdle);
    // 0 means "no limit" in Mattermost and in HikariCP alike; small values are raised to
    // HikariCP's minimum rather than silently replaced by its 30-minute default.
    config.setMaxLifetime(atLeastOrZero(settings.connMaxLifetimeMilliseconds(), MIN_LIFETIME_MILLIS));
    // A fixed-size pool never retires idle connections, and HikariCP warns if told to.
    config.setIdleTimeout(minimumIdle == settings.maxOpenConns()
        ? 0 : atLeastOrZero(settings.connMaxIdleTimeMilliseconds(), MIN_IDLE_TIMEOUT_MILLIS));
    if (settings.queryTimeout() > 0) {
      config.setConnectionInitSql("SET statement_timeout = " + settings.queryTimeout() * 1000L);
      // A server that vanishes without closing the socket (host down, network cut) would
      // otherwise hold a worker until TCP gives up; the statement timeout cannot fire there.
      config.addDataSourceProperty("socketTimeout", Integer.toString(settings.queryTimeout() + SOCKET_TIMEOUT_MARGIN_SECONDS));
    }
    return config;
  }

  private static long atLeastOrZero(long value, long minimum) {
    return value == 0 ? 0 : Math.max(value, minimum);
  }
}
