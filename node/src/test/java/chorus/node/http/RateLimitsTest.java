package chorus.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.protocol.config.RateLimitSettings;
import io.github.bucket4j.TimeMeter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token buckets on a hand-moved clock: burst, refill, headers' numbers and the bounded store. */
class RateLimitsTest {
  private final AtomicLong nanos = new AtomicLong();
  private final TimeMeter clock = new TimeMeter() {
    @Override
    public long currentTimeNanos() {
      return nanos.get();
    }

    @Override
    public boolean isWallClockBased() {
      return false;
    }
  };

  private RateLimits limits(int perSec, int maxBurst, int storeSize) {
    return new RateLimits(new RateLimitSettings(true, perSec, maxBurst, storeSize, true, false, ""), clock);
  }

  private void advanceMillis(long millis) {
    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
  }

  @Test
  void aFreshKeyMaySendMaxBurstPlusOneThenIsRefused() {
    RateLimits limits = limits(2, 3, 10);

    for (int i = 0; i < 4; i++) {
      RateLimits.Decision decision = limits.take("k");
      assertThat(decision.allowed()).as("request %d", i + 1).isTrue();
      assertThat(decision.limit()).isEqualTo(4);
      assertThat(decision.remaining()).isEqualTo(3 - i);
    }
    RateLimits.Decision refused = limits.take("k");

    assertThat(refused.allowed()).isFalse();
    assertThat(refused.remaining()).isZero();
    // One token comes back after 0.5 s: rounded up, retry after 1 s; the bucket is full after 2 s.
    assertThat(refused.retryAfterSeconds()).isEqualTo(1);
    assertThat(refused.resetSeconds()).isEqualTo(2);
  }

  @Test
  void tokensComeBackAtPerSec() {
    RateLimits limits = limits(2, 0, 10);
    assertThat(limits.take("k").allowed()).isTrue();
    assertThat(limits.take("k").allowed()).isFalse();

    advanceMillis(499);
    assertThat(limits.take("k").allowed()).isFalse();
    advanceMillis(1);
    assertThat(limits.take("k").allowed()).isTrue();
    assertThat(limits.take("k").allowed()).isFalse();
  }

  @Test
  void keysHaveSeparateBuckets() {
    RateLimits limits = limits(1, 0, 10);
    assertThat(limits.take("alice").allowed()).isTrue();
    assertThat(limits.take("alice").allowed()).isFalse();

    assertThat(limits.take("bob").allowed()).isTrue();
  }

  @Test
  void theStoreKeepsAtMostMemoryStoreSizeKeysDroppingTheLeastRecentlyUsed() {
    RateLimits limits = limits(1, 0, 2);
    limits.take("a");
    limits.take("b");
    assertThat(limits.take("a").allowed()).as("a is empty and now most recently used").isFalse();

    limits.take("c");

    assertThat(limits.size()).isEqualTo(2);
    assertThat(limits.take("a").allowed()).as("a was kept: still empty").isFalse();
    assertThat(limits.take("b").allowed()).as("b was dropped: starts full again").isTrue();
    assertThat(limits.size()).isEqualTo(2);
  }
}
