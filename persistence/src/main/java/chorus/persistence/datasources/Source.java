package chorus.persistence.datasources;

import chorus.persistence.db.JdbcTarget;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;

/**
 * One data source in use: its connection pool, whether it is in rotation and the counters
 * operators see. Health is written by the {@link ReplicaMonitor} (probes) and by readers that
 * meet a dead connection, read by routing on every request, so the fields are volatile rather
 * than guarded: a request that sees a stale verdict at worst tries a dead replica once and
 * moves on to the next source.
 *
 * <p>A replica starts out of rotation and enters only after a probe found it replaying within
 * the lag limit; the primary is always in rotation, since nothing could stand in for it.
 */
public final class Source {
  private final String name;
  private final SourceRole role;
  private final String url;
  private final JdbcTarget target;
  private final DataSource dataSource;
  private final LongAdder queries = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean healthy;
  private volatile long lagMillis;
  private volatile String lastError = "";

  Source(String name, SourceRole role, JdbcTarget target, DataSource dataSource) {
    this.name = Objects.requireNonNull(name, "name");
    this.role = Objects.requireNonNull(role, "role");
    this.target = Objects.requireNonNull(target, "target");
    this.url = target.jdbcUrl();
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.healthy = role == SourceRole.PRIMARY;
    this.lagMillis = role == SourceRole.PRIMARY ? 0 : -1;
  }

  public String name() {
    return name;
  }

  public SourceRole role() {
    return role;
  }

  public boolean isPrimary() {
    return role == SourceRole.PRIMARY;
  }

  DataSource dataSource() {
    return dataSource;
  }

  JdbcTarget target() {
    return target;
  }

  public boolean healthy() {
    return healthy;
  }

  /** A connection for one request (the persistence pool's use); pair every successful call with {@link #release}. */
  public Connection borrow() throws SQLException {
    inFlight.incrementAndGet();
    queries.increment();
    try {
      return dataSource.getConnection();
    } catch (SQLException | RuntimeException e) {
      inFlight.decrementAndGet();
      throw e;
    }
  }

  public void release() {
    inFlight.decrementAndGet();
  }

  public void recordError() {
    errors.increment();
  }

  int inFlight() {
    return inFlight.get();
  }

  /** A probe found the replica replaying with this lag; in rotation iff within {@code limitMillis} (0 = no limit). */
  void probed(long lag, long limitMillis) {
    lagMillis = lag;
    if (limitMillis > 0 && lag > limitMillis) {
      takeOut("replication lag " + lag + " ms exceeds the limit of " + limitMillis + " ms");
    } else {
      healthy = true;
      lastError = "";
    }
  }

  /** Out of rotation until a probe finds it healthy again; the primary stays in, as there is no alternative. */
  public void takeOut(String reason) {
    lastError = reason;
    if (!isPrimary()) {
      healthy = false;
    }
  }

  SourceStatus status() {
    int active = 0;
    int idle = 0;
    int waiting = 0;
    int total = 0;
    if (dataSource instanceof HikariDataSource hikari && !hikari.isClosed()) {
      HikariPoolMXBean pool = hikari.getHikariPoolMXBean();
      if (pool != null) {
        active = pool.getActiveConnections();
        idle = pool.getIdleConnections();
        waiting = pool.getThreadsAwaitingConnection();
        total = pool.getTotalConnections();
      }
    }
    return new SourceStatus(name, role, url, healthy, lagMillis, lastError, queries.sum(), errors.sum(),
        active, idle, waiting, total);
  }

  void close() {
    if (dataSource instanceof HikariDataSource hikari) {
      hikari.close();
    }
  }

  @Override
  public String toString() {
    return name + " (" + url + ")";
  }
}
