package chorus.loadtest.bench;

import chorus.loadtest.metrics.ProcessCpu;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Runs the chosen scenarios one by one: a scenario that fails is recorded and the next one
 * still runs, and with a local node each scenario's CPU use is measured, per process, from
 * its start to its end. Scenarios that start processes of their own run with the generator
 * unpinned (see {@link CpuPlan}). Each scenario's wall time goes to the run's {@link RunClock}.
 */
final class ScenarioRunner {
  private final Set<String> chosen;
  private final CpuPlan cpus;
  private final LocalNode node;
  private final RunClock clock;
  private final Map<String, String> failures = new LinkedHashMap<>();
  private final Map<String, ProcessCpu.Usage> cpu = new LinkedHashMap<>();

  /** @param node the node this generator started, or null for nodes given by URL */
  ScenarioRunner(Set<String> chosen, CpuPlan cpus, LocalNode node, RunClock clock) {
    this.chosen = chosen;
    this.cpus = cpus;
    this.node = node;
    this.clock = clock;
  }

  /** @return the scenario's result, or null when it was not chosen or failed */
  <T> T run(String key, String name, Callable<T> body) {
    return run(key, name, false, body);
  }

  /** Like {@link #run(String, String, Callable)}, with the generator on every CPU while it runs. */
  <T> T runUnpinned(String key, String name, Callable<T> body) {
    return run(key, name, true, body);
  }

  private <T> T run(String key, String name, boolean unpinned, Callable<T> body) {
    if (!chosen.contains(key)) {
      return null;
    }
    System.out.printf("scenario (%s) %s ...%n", key, name);
    long t0 = System.nanoTime();
    boolean measure = node != null && ProcessCpu.available();
    long postmaster = node == null ? 0 : node.postmasterPid().orElse(0L);
    try {
      if (unpinned && cpus.pins()) {
        CpuPlan.pin(cpus.all(), java.util.List.of(ProcessHandle.current().pid()));
      }
      ProcessCpu.Snapshot from = measure ? ProcessCpu.take(node.pid(), postmaster) : null;
      T result = body.call();
      if (measure) {
        ProcessCpu.Usage used = ProcessCpu.between(from, ProcessCpu.take(node.pid(), postmaster));
        cpu.put(key, used);
        System.out.println("  " + used.describe());
      }
      System.out.printf("scenario (%s) done in %.1f s%n", key, (System.nanoTime() - t0) / 1e9);
      return result;
    } catch (Exception e) {
      failures.put(key, e.toString());
      System.out.printf("scenario (%s) FAILED: %s%n", key, e);
      return null;
    } finally {
      clock.record("(" + key + ") " + name, (System.nanoTime() - t0) / 1e9);
      if (unpinned && cpus.pins()) {
        try {
          CpuPlan.pin(cpus.generator(), java.util.List.of(ProcessHandle.current().pid()));
        } catch (Exception e) {
          System.out.println("could not pin the generator again: " + e);
        }
      }
    }
  }

  Map<String, String> failures() {
    return failures;
  }

  Map<String, ProcessCpu.Usage> cpu() {
    return cpu;
  }
}
