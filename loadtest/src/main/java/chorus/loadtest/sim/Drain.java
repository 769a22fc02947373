package chorus.loadtest.sim;

import java.time.Duration;
import java.util.function.LongSupplier;

/** Waits for in-flight deliveries to land before a window is judged. */
public final class Drain {
  private static final Duration QUIET = Duration.ofSeconds(2);

  private Drain() {}

  /**
   * Returns when {@code current} reaches {@code target}, when it has not moved for two
   * seconds, or at {@code max}, whichever is first.
   */
  public static void await(LongSupplier current, long target, Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    long last = current.getAsLong();
    long lastMove = System.nanoTime();
    try {
      while (last < target && System.nanoTime() < deadline && System.nanoTime() - lastMove < QUIET.toNanos()) {
        Pacer.sleepUntil(System.nanoTime() + 20_000_000L);
        long now = current.getAsLong();
        if (now != last) {
          last = now;
          lastMove = System.nanoTime();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
