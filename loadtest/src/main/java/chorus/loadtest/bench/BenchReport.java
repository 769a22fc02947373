package chorus.loadtest.bench;

import chorus.loadtest.metrics.ProcessCpu;
import chorus.loadtest.scenario.CapacityScenario;
import chorus.loadtest.scenario.DurablePostsScenario;
import chorus.loadtest.scenario.FanOutScenario;
import chorus.loadtest.scenario.IdleConnectionsScenario;
import java.util.List;
import java.util.Map;

/**
 * Everything one benchmark run measured; written as {@code results.json} and rendered to HTML.
 * {@code cpu} holds, per scenario key, the cores the node, its database and the generator used
 * while it ran (a local node only); {@code timings} where the run's wall time went.
 */
public record BenchReport(
    Machine machine,
    List<String> arguments,
    boolean quick,
    List<String> targets,
    double setupSeconds,
    int populationUsers,
    FanOutScenario.Result fanOut,
    IdleConnectionsScenario.Result idle,
    DurablePostsScenario.Result durable,
    CapacityScenario.Result capacity,
    ClusterComparison.Result cluster,
    FailoverScenario.Result failover,
    Map<String, String> failures,
    List<String> notRun,
    List<String> notes,
    Map<String, ProcessCpu.Usage> cpu,
    RunTimings timings) {

  public BenchReport withTimings(RunTimings measured) {
    return new BenchReport(machine, arguments, quick, targets, setupSeconds, populationUsers, fanOut, idle, durable, capacity, cluster,
        failover, failures, notRun, notes, cpu, measured);
  }

  /** Where the numbers came from. */
  public record Machine(String startedAt, int cores, String os, String java, String loadAverageAtStart, String note) {}
}
