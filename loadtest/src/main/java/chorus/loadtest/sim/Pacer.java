package chorus.loadtest.sim;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * Open-loop load: starts {@code ratePerSecond} operations per second for {@code duration},
 * whatever the server's latency (a closed loop would slow down with the server and hide its
 * queueing). In-flight operations are capped; when the cap is reached the operation is skipped
 * and counted, which means the target rate was not sustained.
 */
public final class Pacer {
  private static final long TICK_MILLIS = 5;

  /** What a paced run did. */
  public record Outcome(long started, long skipped, double seconds) {
    public double startedPerSecond() {
      return seconds == 0 ? 0 : started / seconds;
    }
  }

  private Pacer() {}

  /**
   * Runs {@code operation(n)} for n = 0, 1, ... at the given rate and waits (bounded by
   * {@code drain}) for the last ones to finish.
   */
  public static Outcome run(double ratePerSecond, Duration duration, int maxInFlight, Duration drain,
      LongFunction<CompletionStage<?>> operation) {
    AtomicLong started = new AtomicLong();
    AtomicLong skipped = new AtomicLong();
    AtomicInteger inFlight = new AtomicInteger();
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "pacer");
      t.setDaemon(true);
      return t;
    });
    long begin = System.nanoTime();
    long end = begin + duration.toNanos();
    try {
      ticker.scheduleAtFixedRate(() -> {
        long now = Math.min(System.nanoTime(), end);
        long due = (long) ((now - begin) / 1e9 * ratePerSecond);
        while (started.get() + skipped.get() < due) {
          if (inFlight.get() >= maxInFlight) {
            skipped.incrementAndGet();
            continue;
          }
          long n = started.getAndIncrement();
          inFlight.incrementAndGet();
          operation.apply(n).whenComplete((r, e) -> inFlight.decrementAndGet());
        }
      }, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
      sleepUntil(end);
      ticker.shutdown();
      ticker.awaitTermination(5, TimeUnit.SECONDS);
      long drainEnd = System.nanoTime() + drain.toNanos();
      while (inFlight.get() > 0 && System.nanoTime() < drainEnd) {
        sleepUntil(Math.min(drainEnd, System.nanoTime() + 10_000_000L));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      ticker.shutdownNow();
    }
    return new Outcome(started.get(), skipped.get(), duration.toNanos() / 1e9);
  }

  /** Waits on the clock: this paces a benchmark, it is not waiting for a condition. */
  static void sleepUntil(long nanoTime) throws InterruptedException {
    long left = nanoTime - System.nanoTime();
    if (left > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }
}
