package chorus.sharding.sessions;

import chorus.protocol.cluster.WriteMark;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each user last wrote, on this node's knowledge: writes made here are recorded at once,
 * writes made through other nodes arrive as {@link WriteMark}s on the bus. Reads of a user's
 * own data go to the primary while the mark is recent (read your writes), without asking any
 * other node. A mark that arrives after the user's next read on this node (the announcement
 * is a tell, not a wait) leaves that read to the replica-lag limit alone. Thread-safe.
 */
public final class WriteMarks {
  private final Clock clock;
  private final Map<String, Long> lastWriteAt = new ConcurrentHashMap<>();

  public WriteMarks(Clock clock) {
    this.clock = clock;
  }

  public void record(WriteMark mark) {
    lastWriteAt.merge(mark.userId(), mark.at(), Math::max);
  }

  /** When {@code userId} last wrote (epoch ms), 0 if not recently. */
  public long lastWriteAt(String userId) {
    return lastWriteAt.getOrDefault(userId, 0L);
  }

  /** Forgets marks older than {@code windowMillis}: past that they change no routing. */
  public void forgetOlderThan(long windowMillis) {
    long cutoff = clock.millis() - windowMillis;
    lastWriteAt.values().removeIf(at -> at < cutoff);
  }

  public int size() {
    return lastWriteAt.size();
  }
}
