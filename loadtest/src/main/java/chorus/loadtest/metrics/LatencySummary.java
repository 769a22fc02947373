package chorus.loadtest.metrics;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Percentiles of one latency distribution in milliseconds, errors by HTTP status (0 = no
 * answer), and the percentile curve the HTML report plots.
 */
public record LatencySummary(
    long count,
    double p50Ms,
    double p95Ms,
    double p99Ms,
    double maxMs,
    Map<String, Long> errorsByStatus,
    List<double[]> curve) {

  /** Errors as a fraction of all attempts. */
  public double errorRate() {
    long errors = errorsByStatus.values().stream().mapToLong(Long::longValue).sum();
    long attempts = count + errors;
    return attempts == 0 ? 0 : (double) errors / attempts;
  }

  public long errors() {
    return errorsByStatus.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Summarises a histogram recorded in microseconds. */
  public static LatencySummary of(AbstractHistogram micros, Map<String, Long> errors) {
    List<double[]> curve = new java.util.ArrayList<>();
    if (micros.getTotalCount() > 0) {
      for (HistogramIterationValue v : micros.percentiles(2)) {
        curve.add(new double[] {v.getPercentileLevelIteratedTo(), v.getValueIteratedTo() / 1000.0});
        if (v.getPercentileLevelIteratedTo() >= 99.99) {
          break;
        }
      }
    }
    return new LatencySummary(
        micros.getTotalCount(),
        ms(micros, 50),
        ms(micros, 95),
        ms(micros, 99),
        micros.getTotalCount() == 0 ? 0 : micros.getMaxValue() / 1000.0,
        Map.copyOf(errors),
        List.copyOf(curve));
  }

  private static double ms(AbstractHistogram micros, double percentile) {
    return micros.getTotalCount() == 0 ? 0 : micros.getValueAtPercentile(percentile) / 1000.0;
  }
}
