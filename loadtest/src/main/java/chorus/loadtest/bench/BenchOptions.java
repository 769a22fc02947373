package chorus.loadtest.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Command-line options of {@link Bench}. {@code --quick} picks small defaults (the whole set in
 * about three minutes, (e) included); without it the standard set runs at benchmark size.
 * Every explicit option overrides the preset.
 */
public record BenchOptions(
    boolean quick,
    Path out,
    Optional<Path> nodeJar,
    List<String> urls,
    Optional<Path> pgbench,
    Set<String> scenarios,
    int sourceAddresses,
    int fanOutChannels,
    int fanOutMembers,
    List<Integer> fanOutRates,
    int clusterRate,
    Duration stepDuration,
    int idleSockets,
    Duration idleHold,
    List<Integer> durableRates,
    int pgbenchClients,
    int pgbenchSeconds,
    List<Integer> capacitySteps,
    Duration capacityWindow,
    long minIdleMillis,
    long avgIdleMillis,
    Optional<String> mix,
    List<String> nodeJavaOpts) {

  static final String USAGE = """
      usage: Bench [--quick] [--out DIR] [--node-jar JAR | --url URL ...] [--pgbench PATH] [--scenarios a,b,c,d,e,f]
                   [--source-addresses N] [--fanout CHANNELSxMEMBERS] [--fanout-rates R1,R2,..] [--cluster-rate R]
                   [--step-seconds S]
                   [--idle-sockets N] [--durable-rates R1,R2,..] [--pgbench-clients C] [--pgbench-seconds S]
                   [--capacity-users U1,U2,..] [--capacity-window-seconds S] [--idle-ms MIN,AVG] [--mix ACTION=W,..]
                   [--node-java-opts "OPTS"] [--no-pin]
      """;

  public static BenchOptions parse(String[] args) {
    List<String> list = new ArrayList<>(Arrays.asList(args));
    if (list.contains("--help") || list.contains("-h")) {
      throw new IllegalArgumentException(USAGE);
    }
    boolean quick = list.remove("--quick");
    BenchOptions o = quick ? quickPreset() : fullPreset();
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String name = list.get(i);
      if (i + 1 >= list.size()) {
        throw new IllegalArgumentException("missing value for " + name + "\n" + USAGE);
      }
      String v = list.get(++i);
      o = switch (name) {
        case "--out" -> o.with(b -> b.out = Path.of(v));
        case "--node-jar" -> o.with(b -> b.nodeJar = Optional.of(Path.of(v)));
        case "--url" -> {
          urls.add(v);
          yield o.with(b -> b.urls = List.copyOf(urls));
        }
        case "--pgbench" -> o.with(b -> b.pgbench = v.isBlank() ? Optional.empty() : Optional.of(Path.of(v)));
        case "--scenarios" -> o.with(b -> b.scenarios = new TreeSet<>(Arrays.asList(v.split(","))));
        case "--source-addresses" -> o.with(b -> b.sourceAddresses = Integer.parseInt(v));
        case "--fanout" -> o.with(b -> {
          String[] km = v.toLowerCase().split("x");
          b.fanOutChannels = Integer.parseInt(km[0]);
          b.fanOutMembers = Integer.parseInt(km[1]);
        });
        case "--fanout-rates" -> o.with(b -> b.fanOutRates = ints(v));
        case "--cluster-rate" -> o.with(b -> b.clusterRate = Integer.parseInt(v));
        case "--step-seconds" -> o.with(b -> b.stepDuration = Duration.ofSeconds(Long.parseLong(v)));
        case "--idle-sockets" -> o.with(b -> b.idleSockets = Integer.parseInt(v));
        case "--durable-rates" -> o.with(b -> b.durableRates = ints(v));
        case "--pgbench-clients" -> o.with(b -> b.pgbenchClients = Integer.parseInt(v));
        case "--pgbench-seconds" -> o.with(b -> b.pgbenchSeconds = Integer.parseInt(v));
        case "--capacity-users" -> o.with(b -> b.capacitySteps = ints(v));
        case "--capacity-window-seconds" -> o.with(b -> b.capacityWindow = Duration.ofSeconds(Long.parseLong(v)));
        case "--idle-ms" -> o.with(b -> {
          List<Integer> ms = ints(v);
          b.minIdleMillis = ms.get(0);
          b.avgIdleMillis = ms.get(1);
        });
        case "--mix" -> o.with(b -> b.mix = Optional.of(v));
        case "--node-java-opts" -> o.with(b -> b.nodeJavaOpts = addedTo(b.nodeJavaOpts, Arrays.asList(v.trim().split("\\s+"))));
        default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
      };
    }
    return o;
  }

  /**
   * Small sizes for a run under two minutes; think times compressed 10× so a short window sees
   * traffic. (e) and (f) start three more JVMs (a minute more each), so they are left out
   * unless asked for with {@code --scenarios}.
   */
  static BenchOptions quickPreset() {
    return new BenchOptions(true, Path.of("bench-results"), Optional.empty(), List.of(), Optional.empty(),
        new TreeSet<>(Set.of("a", "b", "c", "d")), 4,
        5, 8, List.of(25, 50), 25, Duration.ofSeconds(3),
        1_000, Duration.ofSeconds(1),
        List.of(25, 50), 8, 3,
        List.of(20, 40), Duration.ofSeconds(5), 100, 2_000, Optional.empty(),
        nodeJavaOptions("2g"));
  }

  /** Benchmark sizes: the standard set. */
  static BenchOptions fullPreset() {
    return new BenchOptions(false, Path.of("bench-results"), Optional.empty(), List.of(), Optional.empty(),
        new TreeSet<>(Set.of("a", "b", "c", "d", "e", "f")), 8,
        20, 50, List.of(10, 25, 50, 100, 200, 400, 800, 1600), 50, Duration.ofSeconds(10),
        100_000, Duration.ofSeconds(10),
        List.of(25, 50, 100, 150, 200, 300, 400, 600, 800, 1000, 1500, 2000), 16, 15,
        List.of(250, 500, 750, 1000), Duration.ofSeconds(30), 1_000, 20_000, Optional.empty(),
        nodeJavaOptions("3g"));
  }

  /**
   * The node's JVM options as bin/chorus and the systemd unit set them (G1 named, a fixed heap,
   * a 50 ms pause goal), at a heap for the scenario's size: pinned to one CPU, a JVM left to
   * choose would run the Serial collector, which no deployment uses.
   */
  private static List<String> nodeJavaOptions(String heap) {
    return List.of("-XX:+UseG1GC", "-XX:MaxGCPauseMillis=50", "-Xms" + heap, "-Xmx" + heap);
  }

  /**
   * The preset's node options, then the ones asked for, so that a later {@code -Xmx} wins and a GC
   * log can be added without losing G1 (runs that replaced the options ran the node on the Serial
   * collector). A collector asked for replaces G1 and its pause goal: the JVM refuses two.
   */
  static List<String> addedTo(List<String> preset, List<String> asked) {
    boolean collector = asked.stream().anyMatch(option -> option.matches("-XX:\\+Use\\w+GC"));
    List<String> options = new ArrayList<>();
    for (String option : preset) {
      if (!collector || !(option.equals("-XX:+UseG1GC") || option.startsWith("-XX:MaxGCPauseMillis="))) {
        options.add(option);
      }
    }
    options.addAll(asked);
    return List.copyOf(options);
  }

  private static List<Integer> ints(String csv) {
    return Arrays.stream(csv.split(",")).map(String::trim).map(Integer::parseInt).toList();
  }

  /** Mutable copy used only while parsing. */
  private static final class Builder {
    boolean quick;
    Path out;
    Optional<Path> nodeJar;
    List<String> urls;
    Optional<Path> pgbench;
    Set<String> scenarios;
    int sourceAddresses;
    int fanOutChannels;
    int fanOutMembers;
    List<Integer> fanOutRates;
    int clusterRate;
    Duration stepDuration;
    int idleSockets;
    Duration idleHold;
    List<Integer> durableRates;
    int pgbenchClients;
    int pgbenchSeconds;
    List<Integer> capacitySteps;
    Duration capacityWindow;
    long minIdleMillis;
    long avgIdleMillis;
    Optional<String> mix;
    List<String> nodeJavaOpts;
  }

  private BenchOptions with(java.util.function.Consumer<Builder> change) {
    Builder b = new Builder();
    b.quick = quick;
    b.out = out;
    b.nodeJar = nodeJar;
    b.urls = urls;
    b.pgbench = pgbench;
    b.scenarios = scenarios;
    b.sourceAddresses = sourceAddresses;
    b.fanOutChannels = fanOutChannels;
    b.fanOutMembers = fanOutMembers;
    b.fanOutRates = fanOutRates;
    b.clusterRate = clusterRate;
    b.stepDuration = stepDuration;
    b.idleSockets = idleSockets;
    b.idleHold = idleHold;
    b.durableRates = durableRates;
    b.pgbenchClients = pgbenchClients;
    b.pgbenchSeconds = pgbenchSeconds;
    b.capacitySteps = capacitySteps;
    b.capacityWindow = capacityWindow;
    b.minIdleMillis = minIdleMillis;
    b.avgIdleMillis = avgIdleMillis;
    b.mix = mix;
    b.nodeJavaOpts = nodeJavaOpts;
    change.accept(b);
    return new BenchOptions(b.quick, b.out, b.nodeJar, b.urls, b.pgbench, b.scenarios, b.sourceAddresses, b.fanOutChannels,
        b.fanOutMembers, b.fanOutRates, b.clusterRate, b.stepDuration, b.idleSockets, b.idleHold, b.durableRates, b.pgbenchClients,
        b.pgbenchSeconds, b.capacitySteps, b.capacityWindow, b.minIdleMillis, b.avgIdleMillis, b.mix, b.nodeJavaOpts);
  }
}
