package chorus.loadtest.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Latency (successful calls) and errors (by status) per action name, recorded from any thread.
 * One instance covers one measurement window; a scenario that steps its load uses one per step.
 */
public final class ActionStats {
  /** Latencies above a minute are clamped; every call is bounded well below that anyway. */
  private static final long HIGHEST_MICROS = 60_000_000L;
  private final Map<String, ConcurrentHistogram> latencies = new ConcurrentHashMap<>();
  private final Map<String, Map<Integer, LongAdder>> errors = new ConcurrentHashMap<>();

  public void success(String action, long micros) {
    latencies.computeIfAbsent(action, a -> new ConcurrentHistogram(HIGHEST_MICROS, 3))
        .recordValue(Math.max(0, Math.min(micros, HIGHEST_MICROS)));
  }

  public void error(String action, int status) {
    errors.computeIfAbsent(action, a -> new ConcurrentHashMap<>()).computeIfAbsent(status, s -> new LongAdder()).increment();
  }

  /** Records a call's outcome: {@code expected} status is a success, anything else an error. */
  public boolean outcome(String action, int status, int expected, long micros) {
    if (status == expected) {
      success(action, micros);
      return true;
    }
    error(action, status);
    return false;
  }

  public LatencySummary summary(String action) {
    ConcurrentHistogram h = latencies.get(action);
    return LatencySummary.of(h == null ? new Histogram(HIGHEST_MICROS, 3) : h.copy(), errorsOf(action));
  }

  /** Every action seen, by name. */
  public Map<String, LatencySummary> summaries() {
    Map<String, LatencySummary> all = new TreeMap<>();
    for (String action : latencies.keySet()) {
      all.put(action, summary(action));
    }
    for (String action : errors.keySet()) {
      all.computeIfAbsent(action, this::summary);
    }
    return all;
  }

  /** All actions together: the client-side view Mattermost's pass criteria judge. */
  public LatencySummary overall() {
    Histogram all = new Histogram(HIGHEST_MICROS, 3);
    latencies.values().forEach(h -> all.add(h.copy()));
    Map<String, Long> allErrors = new TreeMap<>();
    for (String action : errors.keySet()) {
      errorsOf(action).forEach((status, n) -> allErrors.merge(status, n, Long::sum));
    }
    return LatencySummary.of(all, allErrors);
  }

  private Map<String, Long> errorsOf(String action) {
    Map<String, Long> byStatus = new TreeMap<>();
    errors.getOrDefault(action, Map.of()).forEach((status, n) -> byStatus.put(Integer.toString(status), n.sum()));
    return byStatus;
  }
}
