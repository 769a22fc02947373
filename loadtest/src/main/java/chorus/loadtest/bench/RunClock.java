package chorus.loadtest.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;

/**
 * Where a run's wall-clock time goes: each phase (node start, population, each scenario, node
 * stop) in the order it ran, and the whole run from this JVM's start. A full run has a budget
 * (see the README), and these are the figures that show whether it kept it.
 */
final class RunClock {
  private final LongSupplier nanoTime;
  private final long startNanos;
  private final Map<String, Double> phases = Collections.synchronizedMap(new LinkedHashMap<>());

  /** @param startNanos when the run started, on {@code nanoTime}'s clock */
  RunClock(LongSupplier nanoTime, long startNanos) {
    this.nanoTime = nanoTime;
    this.startNanos = startNanos;
  }

  /** A clock started when this JVM started: the generator's own start-up is part of the run. */
  static RunClock sinceJvmStart() {
    long uptimeMillis = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
    return new RunClock(System::nanoTime, System.nanoTime() - uptimeMillis * 1_000_000L);
  }

  /** Runs {@code body} and records its wall time under {@code phase}, also when it throws. */
  <T> T time(String phase, Callable<T> body) throws Exception {
    long t0 = nanoTime.getAsLong();
    try {
      return body.call();
    } finally {
      record(phase, (nanoTime.getAsLong() - t0) / 1e9);
    }
  }

  /** Adds {@code seconds} to {@code phase} (a phase run twice, such as a retried node start, sums). */
  void record(String phase, double seconds) {
    phases.merge(phase, seconds, Double::sum);
  }

  double seconds(String phase) {
    return phases.getOrDefault(phase, 0.0);
  }

  /** The phases so far and the run's total until now; what no phase covers is reported as "other". */
  RunTimings snapshot() {
    double total = (nanoTime.getAsLong() - startNanos) / 1e9;
    Map<String, Double> copy;
    synchronized (phases) {
      copy = new LinkedHashMap<>(phases);
    }
    double covered = copy.values().stream().mapToDouble(Double::doubleValue).sum();
    return new RunTimings(total, copy, Math.max(0, total - covered));
  }
}
