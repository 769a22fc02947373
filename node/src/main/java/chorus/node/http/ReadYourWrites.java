package chorus.node.http;

import chorus.node.config.LiveConfig;
import chorus.persistence.pool.ReadPreference;
import chorus.protocol.config.SqlSettings;
import java.time.Clock;

/**
 * Where a caller's reads of their own data may run. Every authenticated request that may write
 * (anything but GET and HEAD) records the time it finished in the caller's sharded
 * {@code SessionEntity}, which every node asks on every request; for {@link #windowMillis} after
 * that, the caller's reads go to the primary, on whichever node they arrive.
 *
 * <p>Why that window suffices: a replica stays in rotation only while its probes find its lag
 * within {@code ReplicaLagLimitMilliseconds}; probes run every
 * {@code ReplicaMonitorIntervalSeconds} and take at most {@value #PROBE_TIMEOUT_MILLIS} ms. So a
 * replica still in rotation has replayed every commit older than limit + interval + probe time.
 * With no lag limit (0) nothing bounds a replica's lag, and the window falls back to
 * {@value #UNBOUNDED_LAG_WINDOW_MILLIS} ms: a best effort, said so in the README.
 */
public final class ReadYourWrites {
  static final long PROBE_TIMEOUT_MILLIS = 5_000;
  static final long UNBOUNDED_LAG_WINDOW_MILLIS = 60_000;

  private final LiveConfig config;
  private final Clock clock;

  public ReadYourWrites(LiveConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  /** PRIMARY while the caller's last write is recent, else REPLICA. */
  public ReadPreference forLastWriteAt(long lastWriteAt) {
    return lastWriteAt > 0 && clock.millis() - lastWriteAt < windowMillis() ? ReadPreference.PRIMARY : ReadPreference.REPLICA;
  }

  public long windowMillis() {
    SqlSettings sql = config.current().sqlSettings();
    long lag = sql.replicaLagLimitMilliseconds() > 0 ? sql.replicaLagLimitMilliseconds() : UNBOUNDED_LAG_WINDOW_MILLIS;
    return lag + sql.replicaMonitorIntervalSeconds() * 1000L + PROBE_TIMEOUT_MILLIS;
  }

  long now() {
    return clock.millis();
  }
}
