package chorus.loadtest.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Which CPUs the node, its database and this generator run on. With them on separate CPUs a
 * benchmark's "per core" is the node's own core, not a share of a machine the generator and
 * PostgreSQL also use. The node gets the upper half of the CPUs; the database and the generator
 * share the lower half on 2 or 3 CPUs, and split it from 4 on. With one CPU, or without
 * {@code taskset} (util-linux), nothing is pinned and the report says so.
 *
 * <p>Scenarios that start more processes (the cluster of (e), the proxy and clients of (f)) run
 * unpinned: those processes would otherwise inherit the generator's CPUs.
 *
 * @param node CPU list for {@code taskset -c}, e.g. "1" or "2,3"; empty when nothing is pinned
 * @param all every CPU, to unpin the generator again
 */
public record CpuPlan(String node, String database, String generator, String all) {
  static final CpuPlan NONE = new CpuPlan("", "", "", "");

  public static CpuPlan forCpus(int cpus) {
    if (cpus < 2) {
      return NONE;
    }
    String all = range(0, cpus - 1);
    int nodeCpus = cpus / 2;
    String node = range(cpus - nodeCpus, cpus - 1);
    int rest = cpus - nodeCpus;
    if (rest < 2) {
      String shared = range(0, rest - 1);
      return new CpuPlan(node, shared, shared, all);
    }
    int database = rest / 2;
    return new CpuPlan(node, range(rest - database, rest - 1), range(0, rest - database - 1), all);
  }

  /** How many CPUs the node has. */
  public int nodeCpus() {
    return node.isEmpty() ? 0 : node.split(",").length;
  }

  public boolean pins() {
    return !node.isEmpty();
  }

  public String describe() {
    return pins() ? "pinned with taskset: node on CPU " + node + ", PostgreSQL on " + database + ", generator on " + generator
        : "not pinned: node, PostgreSQL, pgbench and this generator all share the machine";
  }

  /** The command prefix that starts a process on the node's CPUs. */
  List<String> nodePrefix() {
    return pins() ? List.of("taskset", "-c", node) : List.of();
  }

  /** Moves every thread of {@code pids} to {@code cpus}; a process started after inherits its parent's set. */
  static void pin(String cpus, List<Long> pids) throws IOException, InterruptedException {
    for (long pid : pids) {
      Process taskset = new ProcessBuilder("taskset", "-a", "-p", "-c", cpus, Long.toString(pid))
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!taskset.waitFor(10, TimeUnit.SECONDS) || taskset.exitValue() != 0) {
        throw new IOException("taskset could not pin process " + pid + " to CPU " + cpus);
      }
    }
  }

  /**
   * Moves every thread of {@code pid} to {@code cpus} and checks that each one is there: a thread
   * the process starts while {@code taskset} walks its threads can inherit the old set, and a
   * node thread left on the generator's CPU would make a "per node core" figure a lie. Tries a
   * few times, then fails.
   */
  static void pinEveryThread(String cpus, long pid) throws IOException, InterruptedException {
    java.util.Set<Integer> wanted = cpuSet(cpus);
    IOException failed = null;
    for (int attempt = 0; attempt < 10; attempt++) {
      try {
        pin(cpus, List.of(pid));
      } catch (IOException e) {
        // taskset -a fails when a thread ends between its listing and its move: try again
        failed = e;
      }
      if (threadCpuSets(pid).stream().allMatch(wanted::equals)) {
        return;
      }
    }
    throw new IOException("threads of process " + pid + " are still outside CPU " + cpus, failed);
  }

  /** Each live thread's allowed CPUs, from {@code /proc/<pid>/task/<tid>/status}. */
  private static List<java.util.Set<Integer>> threadCpuSets(long pid) throws IOException {
    List<java.util.Set<Integer>> sets = new ArrayList<>();
    try (java.nio.file.DirectoryStream<java.nio.file.Path> tasks = java.nio.file.Files.newDirectoryStream(
        java.nio.file.Path.of("/proc", Long.toString(pid), "task"))) {
      for (java.nio.file.Path task : tasks) {
        try {
          for (String line : java.nio.file.Files.readAllLines(task.resolve("status"))) {
            if (line.startsWith("Cpus_allowed_list:")) {
              sets.add(cpuSet(line.substring("Cpus_allowed_list:".length()).trim()));
            }
          }
        } catch (java.nio.file.NoSuchFileException exited) {
          // the thread ended meanwhile
        }
      }
    }
    return sets;
  }

  /** A CPU list as taskset and /proc write it, e.g. "1", "0,1" or "0-3,6", as a set. */
  static java.util.Set<Integer> cpuSet(String list) {
    java.util.Set<Integer> set = new java.util.TreeSet<>();
    for (String part : list.split(",")) {
      String[] range = part.trim().split("-");
      int from = Integer.parseInt(range[0]);
      int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
      for (int cpu = from; cpu <= to; cpu++) {
        set.add(cpu);
      }
    }
    return set;
  }

  /** Whether {@code taskset} runs here. */
  static boolean available() {
    try {
      Process probe = new ProcessBuilder("taskset", "-p", Long.toString(ProcessHandle.current().pid()))
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** A process and every process below it, by walking the parent links. */
  static List<Long> withDescendants(long pid) {
    List<Long> all = new ArrayList<>();
    ProcessHandle.of(pid).ifPresent(root -> {
      all.add(root.pid());
      root.descendants().forEach(child -> all.add(child.pid()));
    });
    return all;
  }

  private static String range(int from, int to) {
    return from == to ? Integer.toString(from) : IntStream.rangeClosed(from, to).mapToObj(Integer::toString)
        .collect(Collectors.joining(","));
  }
}
