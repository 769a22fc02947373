package chorus.node.http;

import chorus.node.config.LiveConfig;
import chorus.persistence.pool.ReadPreference;
import chorus.protocol.cluster.WriteMark;
import chorus.protocol.config.SqlSettings;
import chorus.sharding.events.EventBus;
import chorus.sharding.sessions.WriteMarks;
import java.time.Clock;

/**
 * Where a caller's reads of their own data may run. Every authenticated request that may write
 * (anything but GET and HEAD) marks its user as having written, in this node's
 * {@link WriteMarks} at once and on every other node through the bus (a tell: nothing waits
 * for another node); for {@link #windowMillis} after that, the user's reads go to the primary,
 * on whichever node they arrive and from whichever of the user's sessions. A read that reaches
 * another node before the mark does (a millisecond on a LAN) relies on the lag limit alone.
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
  private final WriteMarks marks;
  private final EventBus bus;
  private final Clock clock;

  public ReadYourWrites(LiveConfig config, WriteMarks marks, EventBus bus, Clock clock) {
    this.config = config;
    this.marks = marks;
    this.bus = bus;
    this.clock = clock;
  }

  /** PRIMARY while the user's last write is recent, else REPLICA. */
  public ReadPreference forUser(String userId) {
    long lastWriteAt = marks.lastWriteAt(userId);
    return lastWriteAt > 0 && clock.millis() - lastWriteAt < windowMillis() ? ReadPreference.PRIMARY : ReadPreference.REPLICA;
  }

  /** The user just wrote: here at once, on the other nodes as soon as the bus carries it. */
  public void recordWrite(String userId) {
    WriteMark mark = new WriteMark(userId, clock.millis());
    marks.record(mark);
    bus.publishNotice(userId, mark);
  }

  /** Drops marks that can no longer change a read's route. */
  public void forgetOld() {
    marks.forgetOlderThan(windowMillis());
  }

  public long windowMillis() {
    SqlSettings sql = config.current().sqlSettings();
    long lag = sql.replicaLagLimitMilliseconds() > 0 ? sql.replicaLagLimitMilliseconds() : UNBOUNDED_LAG_WINDOW_MILLIS;
    return lag + sql.replicaMonitorIntervalSeconds() * 1000L + PROBE_TIMEOUT_MILLIS;
  }
}
