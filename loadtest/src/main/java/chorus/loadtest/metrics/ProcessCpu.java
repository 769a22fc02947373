package chorus.loadtest.metrics;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * CPU time of the processes in a benchmark, from Linux's {@code /proc}: the node's JVM, the
 * database (the postmaster and every backend under it) and this generator, so a
 * result says which of them used the machine's cores. A ratio such as "posts per second per
 * core" is only honest when it names the node's own share.
 *
 * <p>A snapshot holds each live process's user + system ticks; the difference of two
 * snapshots counts the processes alive at both (a backend that came and went in between is
 * missed, which the benchmarks here avoid by keeping their connections open).
 */
public final class ProcessCpu {
  /** Clock ticks per second on Linux for every architecture the JDK runs on ({@code USER_HZ}). */
  public static final double TICKS_PER_SECOND = 100.0;

  /** CPU seconds of each process alive at the snapshot, by pid, and when it was taken. */
  public record Snapshot(long nanoTime, Map<Long, Long> nodeTicks, Map<Long, Long> databaseTicks, long selfTicks) {}

  /** Cores used between two snapshots, by each part. */
  public record Usage(double seconds, double node, double database, double generator) {
    public String describe() {
      return String.format("CPU over %.0f s, in cores: node JVM %.2f, PostgreSQL %.2f, generator %.2f (machine: %d)", seconds,
          node, database, generator, Runtime.getRuntime().availableProcessors());
    }
  }

  private ProcessCpu() {}

  /** Whether this machine has a {@code /proc} to read. */
  public static boolean available() {
    return Files.isReadable(Path.of("/proc/self/stat"));
  }

  /** @param postmasterPid the database's first process (line 1 of its {@code postmaster.pid}), 0 if not local */
  public static Snapshot take(long nodePid, long postmasterPid) {
    Map<Long, Long> parents = new HashMap<>();
    Map<Long, Long> ticks = new HashMap<>();
    try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path process : processes) {
        ProcStat stat = ProcStat.read(process.resolve("stat"));
        if (stat != null) {
          parents.put(Long.parseLong(process.getFileName().toString()), stat.parent());
          ticks.put(Long.parseLong(process.getFileName().toString()), stat.ticks());
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc", e);
    }
    Set<Long> database = new HashSet<>();
    if (ticks.containsKey(postmasterPid)) {
      database.add(postmasterPid);
    }
    boolean grew = true;
    while (grew) {
      grew = false;
      for (Map.Entry<Long, Long> process : parents.entrySet()) {
        if (database.contains(process.getValue()) && database.add(process.getKey())) {
          grew = true;
        }
      }
    }
    Map<Long, Long> databaseTicks = new HashMap<>();
    database.forEach(pid -> databaseTicks.put(pid, ticks.get(pid)));
    Map<Long, Long> nodeTicks = ticks.containsKey(nodePid) ? Map.of(nodePid, ticks.get(nodePid)) : Map.of();
    return new Snapshot(System.nanoTime(), nodeTicks, databaseTicks,
        ticks.getOrDefault(ProcessHandle.current().pid(), 0L));
  }

  public static Usage between(Snapshot from, Snapshot to) {
    double seconds = (to.nanoTime() - from.nanoTime()) / 1e9;
    return new Usage(seconds, cores(from.nodeTicks(), to.nodeTicks(), seconds), cores(from.databaseTicks(), to.databaseTicks(), seconds),
        (to.selfTicks() - from.selfTicks()) / TICKS_PER_SECOND / seconds);
  }

  private static double cores(Map<Long, Long> from, Map<Long, Long> to, double seconds) {
    long ticks = 0;
    for (Map.Entry<Long, Long> process : to.entrySet()) {
      Long before = from.get(process.getKey());
      if (before != null) {
        ticks += process.getValue() - before;
      }
    }
    return ticks / TICKS_PER_SECOND / seconds;
  }
}
