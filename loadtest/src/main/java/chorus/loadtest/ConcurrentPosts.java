package chorus.loadtest;

import chorus.loadtest.metrics.ProcessCpu;
import chorus.loadtest.scenario.PgBenchBaseline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The post benchmark of the performance issue: {@code clients} closed-loop clients, each
 * posting into a channel of its own as fast as its answers come, after a warm-up; next to the
 * same number of pgbench clients doing single-row INSERTs on the node's own PostgreSQL
 * ({@code synchronous_commit = on}), measured in the same run, and the ratio of the two.
 * Usage: {@code ConcurrentPosts <baseUrl> <clients> <seconds> [<pgbench> <postgresPort>]}; with the
 * system properties {@code chorus.nodePid} and {@code chorus.postgresPid} set to the node's and
 * the postmaster's process ids, it also reports the CPU the node, PostgreSQL and the generator
 * used while posts were measured.
 */
public final class ConcurrentPosts {
  private static final Duration WARM_UP = Duration.ofSeconds(5);

  private ConcurrentPosts() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3 && args.length != 5) {
      System.err.println("usage: ConcurrentPosts <baseUrl> <clients> <seconds> [<pgbench> <postgresPort>]");
      System.exit(2);
    }
    int clients = Integer.parseInt(args[1]);
    int seconds = Integer.parseInt(args[2]);
    double posts = run(new SimpleApi(args[0]), clients, Duration.ofSeconds(seconds));
    if (args.length == 5) {
      Path work = Files.createTempDirectory("chorus-pgbench-");
      PgBenchBaseline.Result baseline;
      try {
        baseline = new PgBenchBaseline(Path.of(args[3]), Integer.parseInt(args[4]), work).run(clients, seconds, "on");
      } finally {
        TempDirectories.delete(work);
      }
      System.out.printf("pgbench single-row INSERT, %d clients: %.0f tps, latency average %.2f ms%n", clients,
          baseline.tps(), baseline.latencyAverageMs());
      System.out.printf("createPost / pgbench: %.3fx%n", posts / baseline.tps());
    }
  }

  /** Returns the measured posts per second. */
  private static double run(SimpleApi api, int clients, Duration measured) throws Exception {
    String teamId = api.signUpWithTeam();
    List<String> channels = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      channels.add(api.createChannel(teamId, "-" + i));
    }

    long measureFrom = System.nanoTime() + WARM_UP.toNanos();
    long end = measureFrom + measured.toNanos();
    ConcurrentLinkedQueue<Long> micros = new ConcurrentLinkedQueue<>();
    AtomicLong failures = new AtomicLong();
    CountDownLatch done = new CountDownLatch(clients);
    for (String channelId : channels) {
      Thread poster = new Thread(() -> {
        try {
          for (int n = 0; System.nanoTime() < end; n++) {
            long t0 = System.nanoTime();
            int status = api.send("POST", "/posts", Map.of("channel_id", channelId, "message", "message " + n)).statusCode();
            long t1 = System.nanoTime();
            if (status != 201) {
              failures.incrementAndGet();
            } else if (t0 >= measureFrom && t1 <= end) {
              micros.add((t1 - t0) / 1000);
            }
          }
        } catch (Exception e) {
          failures.incrementAndGet();
        } finally {
          done.countDown();
        }
      }, "poster-" + channelId);
      poster.setDaemon(true);
      poster.start();
    }
    long nodePid = Long.getLong("chorus.nodePid", 0L);
    long postgresPid = Long.getLong("chorus.postgresPid", 0L);
    boolean countCpu = nodePid > 0 && ProcessCpu.available();
    ProcessCpu.Snapshot cpuFrom = null;
    if (countCpu) {
      while (System.nanoTime() < measureFrom) {
        Thread.sleep(1);
      }
      cpuFrom = ProcessCpu.take(nodePid, postgresPid);
    }
    done.await();
    ProcessCpu.Usage cpu = countCpu ? ProcessCpu.between(cpuFrom, ProcessCpu.take(nodePid, postgresPid)) : null;
    long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
    double perSecond = sorted.length / (measured.toNanos() / 1e9);
    System.out.printf("createPost, %d closed-loop clients, %d channels, %d s after %d s warm-up: %.0f posts/s, p50 %.2f ms,"
            + " p99 %.2f ms, %d failed%n", clients, clients, measured.toSeconds(), WARM_UP.toSeconds(), perSecond,
        percentile(sorted, 0.50), percentile(sorted, 0.99), failures.get());
    if (cpu != null) {
      System.out.println(cpu.describe());
      System.out.printf("createPost per node core: %.0f posts/s%n", perSecond / cpu.node());
    }
    return perSecond;
  }

  private static double percentile(long[] sorted, double p) {
    return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))] / 1000.0;
  }
}
