package chorus.loadtest;

import chorus.loadtest.metrics.CompilerThreads;
import chorus.loadtest.metrics.ProcessCpu;
import chorus.loadtest.scenario.PgBenchBaseline;
import chorus.loadtest.sim.NewPost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The post benchmark of the performance issue: {@code clients} closed-loop clients, each
 * posting into a channel of its own as fast as its answers come, after a warm-up; next to two
 * baselines measured in the same run with the same concurrency: the same clients sending
 * {@code GET /system/ping} (what the node's HTTP layer alone serves, before any post) and
 * pgbench doing single-row INSERTs on the node's own PostgreSQL ({@code synchronous_commit =
 * on}), with the ratios. Usage: {@code ConcurrentPosts <baseUrl> <clients> <seconds> [<pgbench>
 * <postgresPort>]}; with the system properties {@code chorus.nodePid} and
 * {@code chorus.postgresPid} set to the node's and the postmaster's process ids, it also
 * reports the CPU the node, PostgreSQL and the generator used while each was measured.
 */
public final class ConcurrentPosts {
  /**
   * Unmeasured time before each phase's window: at least {@link #MIN_WARM_UP}, then until the
   * node's JIT compilers have used under {@link #QUIET_SHARE} of a CPU over the last
   * {@link #QUIET_SPAN}, at most {@link #MAX_WARM_UP}. A fresh node's compilers were still busy
   * 25 s into a phase, and a profile 35-55 s into the posts found a quarter of the node's samples
   * in them (4.6 % at 95-115 s), so a fixed warm-up measured the compiler as much as the node.
   * Without the node's process id it is the minimum alone.
   */
  private static final Duration MIN_WARM_UP = Duration.ofSeconds(30);
  private static final Duration MAX_WARM_UP = Duration.ofSeconds(180);
  private static final Duration QUIET_SPAN = Duration.ofSeconds(5);
  private static final double QUIET_SHARE = 0.05;

  private ConcurrentPosts() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3 && args.length != 5) {
      System.err.println("usage: ConcurrentPosts <baseUrl> <clients> <seconds> [<pgbench> <postgresPort>]");
      System.exit(2);
    }
    int clients = Integer.parseInt(args[1]);
    Duration measured = Duration.ofSeconds(Integer.parseInt(args[2]));
    SimpleApi api = new SimpleApi(args[0]);
    String teamId = api.signUpWithTeam();
    List<String> channels = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      channels.add(api.createChannel(teamId, "-" + i));
    }
    Phase pings = closedLoop("ping", clients, measured, (client, n) -> api.ping().statusCode() == 200);
    // One user posts from every client: the sequence number keeps their pending_post_ids apart.
    Phase posts = closedLoop("createPost", clients, measured, (client, n) -> api.send("POST", "/posts",
        NewPost.body(api.userId(), channels.get(client), "message " + n, (long) n * clients + client))
        .statusCode() == 201);
    System.out.printf("createPost / ping: %.3fx%n", posts.perSecond() / pings.perSecond());
    if (pings.cpu() != null && posts.cpu() != null) {
      System.out.printf("createPost / ping, per node core: %.3fx%n",
          posts.perSecond() / posts.cpu().node() / (pings.perSecond() / pings.cpu().node()));
    }
    if (args.length == 5) {
      Path work = Files.createTempDirectory("chorus-pgbench-");
      PgBenchBaseline.Result baseline;
      try {
        baseline = new PgBenchBaseline(Path.of(args[3]), Integer.parseInt(args[4]), work)
            .run(clients, (int) measured.toSeconds(), "on");
      } finally {
        TempDirectories.delete(work);
      }
      System.out.printf("pgbench single-row INSERT, %d clients: %.0f tps, latency average %.2f ms%n", clients,
          baseline.tps(), baseline.latencyAverageMs());
      System.out.printf("createPost / pgbench: %.3fx%n", posts.perSecond() / baseline.tps());
    }
  }

  /** One client's call number {@code n}; true when the node answered as it should. */
  private interface Call {
    boolean send(int client, int n);
  }

  /** What one closed-loop phase measured; {@code cpu} is null where it cannot be read. */
  private record Phase(double perSecond, ProcessCpu.Usage cpu) {}

  private static Phase closedLoop(String name, int clients, Duration measured, Call call) throws Exception {
    long started = System.nanoTime();
    // Both move from "never" once the warm-up is over; the end first, so no call is recorded
    // against an open-ended window.
    AtomicLong measureFrom = new AtomicLong(Long.MAX_VALUE);
    AtomicLong end = new AtomicLong(Long.MAX_VALUE);
    ConcurrentLinkedQueue<Long> micros = new ConcurrentLinkedQueue<>();
    AtomicLong failures = new AtomicLong();
    CountDownLatch done = new CountDownLatch(clients);
    for (int c = 0; c < clients; c++) {
      int client = c;
      Thread sender = new Thread(() -> {
        try {
          for (int n = 0; System.nanoTime() < end.get(); n++) {
            long t0 = System.nanoTime();
            boolean ok = call.send(client, n);
            long t1 = System.nanoTime();
            if (!ok) {
              failures.incrementAndGet();
            } else if (t0 >= measureFrom.get() && t1 <= end.get()) {
              micros.add((t1 - t0) / 1000);
            }
          }
        } catch (Exception e) {
          failures.incrementAndGet();
        } finally {
          done.countDown();
        }
      }, name + "-" + client);
      sender.setDaemon(true);
      sender.start();
    }
    long nodePid = Long.getLong("chorus.nodePid", 0L);
    long postgresPid = Long.getLong("chorus.postgresPid", 0L);
    warmUp(nodePid);
    long warmSeconds = Math.round((System.nanoTime() - started) / 1e9);
    boolean countCpu = nodePid > 0 && ProcessCpu.available();
    ProcessCpu.Snapshot cpuFrom = countCpu ? ProcessCpu.take(nodePid, postgresPid) : null;
    long from = System.nanoTime();
    end.set(from + measured.toNanos());
    measureFrom.set(from);
    done.await();
    ProcessCpu.Usage cpu = countCpu ? ProcessCpu.between(cpuFrom, ProcessCpu.take(nodePid, postgresPid)) : null;
    long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
    double perSecond = sorted.length / (measured.toNanos() / 1e9);
    System.out.printf("%s, %d closed-loop clients, %d s after %d s warm-up: %.0f/s, p50 %.2f ms, p99 %.2f ms,"
            + " %d failed%n", name, clients, measured.toSeconds(), warmSeconds, perSecond,
        percentile(sorted, 0.50), percentile(sorted, 0.99), failures.get());
    if (cpu != null) {
      System.out.println(cpu.describe());
      System.out.printf("%s per node core: %.0f/s%n", name, perSecond / cpu.node());
    }
    return new Phase(perSecond, cpu);
  }

  /** Sleeps through the warm-up: see {@link #MIN_WARM_UP}. */
  private static void warmUp(long nodePid) throws InterruptedException {
    long start = System.nanoTime();
    Thread.sleep(MIN_WARM_UP.toMillis());
    long before = nodePid > 0 ? CompilerThreads.ticks(nodePid) : -1;
    if (before < 0) {
      return;
    }
    long quietTicks = Math.round(QUIET_SHARE * QUIET_SPAN.toSeconds() * ProcessCpu.TICKS_PER_SECOND);
    while (System.nanoTime() - start < MAX_WARM_UP.toNanos()) {
      Thread.sleep(QUIET_SPAN.toMillis());
      long now = CompilerThreads.ticks(nodePid);
      // A compiler thread that ended takes its ticks with it: not a quiet span.
      if (now >= before && now - before <= quietTicks) {
        return;
      }
      before = now;
    }
  }

  private static double percentile(long[] sorted, double p) {
    return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))] / 1000.0;
  }
}
