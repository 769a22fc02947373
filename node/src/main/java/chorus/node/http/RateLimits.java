package chorus.node.http;

import chorus.protocol.config.RateLimitSettings;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One token bucket per rate-limit key, as Mattermost's {@code RateLimitSettings} describe them:
 * {@code PerSec} tokens a second, and room for {@code MaxBurst} requests above that rate, so a
 * fresh key may send {@code MaxBurst + 1} at once (the limit throttled's GCRA reports, and so
 * the {@code X-RateLimit-Limit} Mattermost sends).
 *
 * <p>The buckets live in this node's memory only, at most {@code MemoryStoreSize} of them: the
 * least recently used key is dropped first, as Mattermost's memstore does. A dropped key starts
 * again with a full bucket, which is what a key not seen for a while would have anyway. Nothing
 * is shared with other nodes, so a cluster of N nodes lets a key through up to N times the rate.
 *
 * <p>The map is guarded by its own lock only for the lookup; each Bucket4j bucket is itself
 * thread-safe (lock-free), so requests with different keys do not wait on one another's refill.
 */
public final class RateLimits {
  private final long limit;
  private final int perSec;
  private final TimeMeter time;
  private final Map<String, Bucket> buckets;

  /** A request's verdict and what the {@code X-RateLimit-*} headers say about its key. */
  public record Decision(boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {}

  public RateLimits(RateLimitSettings settings, TimeMeter time) {
    this.limit = settings.maxBurst() + 1L;
    this.perSec = settings.perSec();
    this.time = time;
    int maxKeys = settings.memoryStoreSize();
    this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
        return size() > maxKeys;
      }
    };
  }

  /** Takes one token from {@code key}'s bucket, if there is one to take. */
  public Decision take(String key) {
    ConsumptionProbe probe = bucket(key).tryConsumeAndReturnRemaining(1);
    long reset = ceilSeconds(probe.getNanosToWaitForReset());
    if (probe.isConsumed()) {
      return new Decision(true, limit, probe.getRemainingTokens(), reset, 0);
    }
    return new Decision(false, limit, 0, reset, Math.max(1, ceilSeconds(probe.getNanosToWaitForRefill())));
  }

  /** How many keys hold a bucket now (never more than {@code MemoryStoreSize}). */
  public int size() {
    synchronized (buckets) {
      return buckets.size();
    }
  }

  private Bucket bucket(String key) {
    synchronized (buckets) {
      return buckets.computeIfAbsent(key, k -> Bucket.builder()
          .addLimit(l -> l.capacity(limit).refillGreedy(perSec, Duration.ofSeconds(1)))
          .withCustomTimePrecision(time)
          .build());
    }
  }

  private static long ceilSeconds(long nanos) {
    return (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1);
  }
}
