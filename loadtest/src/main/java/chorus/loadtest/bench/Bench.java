package chorus.loadtest.bench;

import chorus.loadtest.client.ClientRuntime;
import chorus.loadtest.client.SourceAddresses;
import chorus.loadtest.client.Targets;
import chorus.loadtest.scenario.CapacityScenario;
import chorus.loadtest.scenario.DurablePostsScenario;
import chorus.loadtest.scenario.FanOutScenario;
import chorus.loadtest.scenario.IdleConnectionsScenario;
import chorus.loadtest.scenario.NodeProbe;
import chorus.loadtest.scenario.PgBenchBaseline;
import chorus.loadtest.sim.MattermostProfile;
import chorus.loadtest.sim.Population;
import chorus.loadtest.sim.World;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The benchmark driver: starts a local node (or uses the given URLs), builds one population,
 * runs the standard scenarios (a) fan-out, (b) idle connections, (c) durable posts next to
 * pgbench, (d) capacity, (e) fan-out on 1 node vs a 3-node cluster, (f) failover behind HAProxy, and writes {@code results.json}, {@code report.html} and a summary
 * table. A scenario that fails is recorded and the others still run. The whole run is bounded:
 * a watchdog stops everything this process started if it overruns.
 */
public final class Bench {
  private static final Duration QUICK_LIMIT = Duration.ofMinutes(8);
  private static final Duration FULL_LIMIT = Duration.ofMinutes(75);
  private static final int CLUSTER_NODES = 3;

  private Bench() {}

  public static void main(String[] args) throws Exception {
    List<String> given = new ArrayList<>(Arrays.asList(args));
    boolean pin = !given.remove("--no-pin");
    BenchOptions options;
    try {
      options = BenchOptions.parse(given.toArray(String[]::new));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    RunClock clock = RunClock.sinceJvmStart();
    Files.createDirectories(options.out());
    int cores = Runtime.getRuntime().availableProcessors();
    CpuPlan cpus = pin && options.urls().isEmpty() && CpuPlan.available() ? CpuPlan.forCpus(cores) : CpuPlan.NONE;
    if (cpus.pins()) {
      CpuPlan.pin(cpus.generator(), List.of(ProcessHandle.current().pid()));
    }
    System.out.println("CPUs: " + cpus.describe());
    BenchReport.Machine machine = new BenchReport.Machine(Instant.now().toString(), cores,
        System.getProperty("os.name") + " " + System.getProperty("os.version"), System.getProperty("java.version"),
        loadAverage(), cpus.describe());
    LocalNode node = null;
    List<String> urls = options.urls();
    if (urls.isEmpty()) {
      Path jar = options.nodeJar().orElseThrow(() -> new IllegalArgumentException("give --node-jar or --url\n" + BenchOptions.USAGE));
      System.out.println("starting a local node from " + jar + " with " + String.join(" ", options.nodeJavaOpts()));
      node = clock.time("node start", () -> startNode(jar, options, cpus));
      System.out.printf("node ready in %.1f s%n", clock.seconds("node start"));
      urls = List.of(node.baseUrl());
    }
    LocalNode started = node;
    Thread hook = new Thread(() -> {
      if (started != null) {
        started.close();
      }
    }, "bench-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    startWatchdog(options.quick() ? QUICK_LIMIT : FULL_LIMIT);
    try (ClientRuntime runtime = new ClientRuntime(SourceAddresses.loopback(options.sourceAddresses()))) {
      BenchReport measured = run(options, machine, args, Targets.of(urls), runtime, node, cpus, clock,
          new ScenarioRunner(options.scenarios(), cpus, node, clock));
      if (node != null) {
        // Stopped before the report so that the report's total covers the whole run.
        LocalNode stopping = node;
        clock.time("node stop", () -> {
          stopping.close();
          return null;
        });
        node = null;
      }
      BenchReport report = measured.withTimings(clock.snapshot());
      ReportWriter.write(report, options.out());
      System.out.println();
      System.out.println(SummaryTable.render(report));
      System.out.println("results: " + options.out().resolve("results.json").toAbsolutePath());
      System.out.println("report:  " + options.out().resolve("report.html").toAbsolutePath());
    } finally {
      if (node != null) {
        node.close();
      }
      Runtime.getRuntime().removeShutdownHook(hook);
    }
  }

  private static LocalNode startNode(Path jar, BenchOptions options, CpuPlan cpus) throws Exception {
    try {
      return LocalNode.start(jar, options.nodeJavaOpts(), cpus, options.out().resolve("node.log"), Duration.ofMinutes(3));
    } catch (IllegalStateException e) {
      // On an overloaded machine a start-up can time out (its log is kept); one fresh try.
      System.out.println("the node did not start (" + e.getMessage() + "); trying once more");
      return LocalNode.start(jar, options.nodeJavaOpts(), cpus, options.out().resolve("node-retry.log"), Duration.ofMinutes(3));
    }
  }

  private static BenchReport run(BenchOptions o, BenchReport.Machine machine, String[] args, Targets targets, ClientRuntime runtime,
      LocalNode node, CpuPlan cpus, RunClock clock, ScenarioRunner scenarios) throws Exception {
    List<String> notRun = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    int idleSockets = o.idleSockets();
    long fdLimit = openFileLimit();
    // The node and this generator each hold one descriptor per socket; leave room for pools,
    // database connections and jars rather than let accept() fail mid-scenario.
    if (idleSockets > fdLimit - 4096) {
      idleSockets = (int) Math.max(0, fdLimit - 4096);
      notes.add("b: " + idleSockets + " sockets instead of " + o.idleSockets() + ": this machine's open-file limit is " + fdLimit
          + " and cannot be raised here (ulimit -n)");
    }
    int sockets = idleSockets;
    int users = o.fanOutChannels() * o.fanOutMembers();
    // One population serves every scenario: capacity ramps over the same users, so its steps
    // stop at K x M users (reported as capped) rather than paying for a second sign-up wave.
    System.out.printf("building the population: %d users, %d channels x %d members ...%n", users, o.fanOutChannels(), o.fanOutMembers());
    World world = clock.time("population", () -> buildPopulation(runtime, targets, node, cpus, users, o));
    double setupSeconds = clock.seconds("population");
    System.out.printf("population ready in %.1f s%n", setupSeconds);
    NodeProbe probe = node != null ? node : NodeProbe.NONE;

    // A warm-up step first, as (c) and (e) have: measured cold, the node spent 38 % of its CPU
    // compiling (perf, 100 posts/s x 50 members) and the steps measured the JIT.
    FanOutScenario.Result fanOut = scenarios.run("a", "fan-out", () -> new FanOutScenario(runtime).runAfterWarmUp(world,
        new FanOutScenario.Params(o.fanOutChannels(), o.fanOutMembers(), o.fanOutRates(), o.stepDuration(), 100)));
    // (e) right after (a): the node is as warm as in (a) and nothing has overloaded it yet. (f)
    // right after (e), on the same three clustered nodes: a second cluster would cost its
    // start and stop and measure nothing more.
    ClusterComparison.Result cluster = null;
    FailoverScenario.Result failover = null;
    boolean ownNode = node != null && o.nodeJar().isPresent();
    try (SharedCluster clusters = ownNode ? new SharedCluster(o.nodeJar().get(), o.nodeJavaOpts(), node.postgresPort(), CLUSTER_NODES,
        o.out(), Duration.ofMinutes(3)) : null) {
      if (o.scenarios().contains("e") && !ownNode) {
        notRun.add("e: 1 node vs 3 nodes needs the node this generator starts (--node-jar, no --url): the cluster shares its database");
      } else if (ownNode) {
        cluster = scenarios.runUnpinned("e", "fan-out on 1 node vs " + CLUSTER_NODES + " clustered nodes", () -> new ClusterComparison(runtime)
            .run(world, clusters, new ClusterComparison.Params(o.fanOutChannels(), o.fanOutMembers(), o.clusterRate(), o.stepDuration(),
                CLUSTER_NODES)));
        if (cluster == null) {
          // (e) failed or was not chosen: nodes in an unknown state, if any, are not (f)'s to use.
          clusters.close();
        }
      }
      if (o.scenarios().contains("f") && !ownNode) {
        notRun.add("f: failover needs the node this generator starts (--node-jar, no --url): the cluster shares its database");
      } else if (ownNode) {
        // The jar is <repo>/node/target/<jar>; the proxy config and the official-client harness live in the repo.
        Path repo = o.nodeJar().get().toAbsolutePath().getParent().getParent().getParent();
        failover = scenarios.runUnpinned("f", "failover behind HAProxy", () -> new FailoverScenario().run(repo, clusters, o.out(),
            new FailoverScenario.Params(o.quick() ? 12 : 60, o.quick() ? 5 : 20, Duration.ofSeconds(o.quick() ? 3 : 10))));
      }
    }
    // Capacity runs before (c), whose last step deliberately overloads the node.
    MattermostProfile profile = o.mix().map(MattermostProfile::withMix).orElse(MattermostProfile.standard())
        .withIdle(o.minIdleMillis(), o.avgIdleMillis());
    CapacityScenario.Result capacity = scenarios.run("d", "capacity", () -> new CapacityScenario(runtime).run(world,
        new CapacityScenario.Params(o.capacitySteps(), o.capacityWindow(), 2000, 0.00025, profile)));
    DurablePostsScenario.Result durable = scenarios.run("c", "durable posts", () -> {
      Optional<PgBenchBaseline.Result> baseline = Optional.empty();
      if (node == null) {
        notRun.add("c baseline: pgbench needs the local node's database (not available with --url)");
      } else if (o.pgbench().isEmpty()) {
        notRun.add("c baseline: no --pgbench given (bin/bench fetches one)");
      } else {
        System.out.println("  pgbench single-row INSERT baseline ...");
        baseline = Optional.of(new PgBenchBaseline(o.pgbench().get(), node.postgresPort(), o.out())
            .run(o.pgbenchClients(), o.pgbenchSeconds(), "on"));
      }
      return new DurablePostsScenario(runtime).run(world, new DurablePostsScenario.Params(o.durableRates(), o.stepDuration(), 50, o.stepDuration()), baseline);
    });
    // Idle runs last: closing thousands of sockets sets off presence work in the node that
    // would otherwise overlap the next scenario's measurements.
    IdleConnectionsScenario.Result idle = scenarios.run("b", "idle connections", () -> new IdleConnectionsScenario(runtime, probe)
        .run(world, new IdleConnectionsScenario.Params(sockets, o.idleHold())));
    return new BenchReport(machine, Arrays.asList(args), o.quick(), targets.baseUrls().stream().map(Object::toString).toList(),
        setupSeconds, world.users().size(), fanOut, idle, durable, capacity, cluster, failover, scenarios.failures(), notRun, notes,
        scenarios.cpu(), null);
  }

  /**
   * Signs the population up through the API. Set-up is not measured, and each user costs the
   * node two bcrypt operations, so a pinned node gets every CPU while it runs (its pools keep
   * the size they got at start) and goes back to its own CPUs before the first scenario.
   */
  private static World buildPopulation(ClientRuntime runtime, Targets targets, LocalNode node, CpuPlan cpus, int users,
      BenchOptions o) throws Exception {
    boolean widen = node != null && cpus.pins();
    if (widen) {
      try {
        CpuPlan.pin(cpus.all(), List.of(node.pid()));
      } catch (java.io.IOException e) {
        // Only slower: the threads taskset did move are put back below with the rest.
        System.out.println("could not give the node every CPU for the population: " + e.getMessage());
      }
    }
    try {
      return new Population(runtime, targets).build(users, o.fanOutChannels(), o.fanOutMembers());
    } finally {
      if (widen) {
        CpuPlan.pinEveryThread(cpus.node(), node.pid());
      }
    }
  }

  /** This process's soft limit on open files (inherited by the node it starts). */
  private static long openFileLimit() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
        if (line.startsWith("Max open files")) {
          return Long.parseLong(line.substring("Max open files".length()).trim().split("\\s+")[0]);
        }
      }
    } catch (Exception e) {
      // not Linux: no cap known
    }
    return Long.MAX_VALUE;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (Exception e) {
      return "unknown";
    }
  }

  /** Bounds the run: past the limit the JVM exits, and the shutdown hook stops the node. */
  private static void startWatchdog(Duration limit) {
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep(limit.toMillis());
        System.err.println("benchmark exceeded " + limit + "; stopping");
        System.exit(3);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "bench-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }
}
