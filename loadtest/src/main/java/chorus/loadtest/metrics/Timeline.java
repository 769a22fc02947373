package chorus.loadtest.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Per-second counts of named series (posts, deliveries, errors, ...) over one run, for the
 * throughput plots. Bounded: seconds past {@code maxSeconds} land in the last slot.
 */
public final class Timeline {
  private final long startNanos = System.nanoTime();
  private final int maxSeconds;
  private final Map<String, AtomicLongArray> series = new ConcurrentHashMap<>();

  public Timeline(int maxSeconds) {
    this.maxSeconds = maxSeconds;
  }

  public void count(String name) {
    add(name, 1);
  }

  public void add(String name, long n) {
    int second = (int) Math.min(maxSeconds - 1, (System.nanoTime() - startNanos) / 1_000_000_000L);
    series.computeIfAbsent(name, s -> new AtomicLongArray(maxSeconds)).addAndGet(second, n);
  }

  /** Each series as counts per second, up to the last second with any count. */
  public Map<String, List<Long>> snapshot() {
    int last = 0;
    for (AtomicLongArray values : series.values()) {
      for (int i = 0; i < values.length(); i++) {
        if (values.get(i) != 0) {
          last = Math.max(last, i);
        }
      }
    }
    Map<String, List<Long>> out = new TreeMap<>();
    for (Map.Entry<String, AtomicLongArray> e : series.entrySet()) {
      List<Long> values = new ArrayList<>();
      for (int i = 0; i <= last; i++) {
        values.add(e.getValue().get(i));
      }
      out.put(e.getKey(), values);
    }
    return out;
  }
}
