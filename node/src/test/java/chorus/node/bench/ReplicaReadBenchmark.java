package chorus.node.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.TempFiles;
import chorus.node.testkit.TestNode;
import chorus.persistence.db.EmbeddedStandby;
import chorus.persistence.db.LocalReplicaSet;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The closing-note numbers of issue 4, measured through the HTTP API of one node on real
 * streaming replication (primary + 2 standbys, all embedded on this host):
 * <ol>
 *   <li>read throughput with 0 (baseline), 1 and 2 read replicas, switched by config reload;
 *   <li>the worst request latency while a replica is stopped under that load (and failures: 0);
 *   <li>how long a lagging replica stays in rotation after its lag passes the limit.
 * </ol>
 * Not part of the build: run {@code loadtest/scripts/replica-read-benchmark.sh}. Every server
 * shares the same cores as the load, so on a small box more replicas mostly move work around
 * rather than add capacity; the numbers say what they are, nothing more.
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "chorus.bench", matches = "true")
class ReplicaReadBenchmark {
  private static final int CLIENTS = Integer.getInteger("chorus.bench.clients", 16);
  private static final Duration WARMUP = Duration.ofSeconds(Long.getLong("chorus.bench.warmupSeconds", 3));
  /** JIT and caches settle before the first measured phase, or the first phases measure warm-up. */
  private static final Duration INITIAL_WARMUP = Duration.ofSeconds(Long.getLong("chorus.bench.initialWarmupSeconds", 20));
  private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("chorus.bench.seconds", 10));
  private static final long LAG_LIMIT_MILLIS = 1_000;

  private final List<String> report = new ArrayList<>();

  @Test
  void measure() throws Exception {
    Path directory = Files.createTempDirectory("chorus-replica-bench-");
    try (LocalReplicaSet servers = LocalReplicaSet.start(directory.resolve("pg"), 2, 0, 200)) {
      List<EmbeddedStandby> replicas = servers.replicas();
      TestNode node = TestNode.start(directory.resolve("node"), Map.of(
          "MM_SQLSETTINGS_DATASOURCE", servers.primaryDataSource(),
          "MM_SQLSETTINGS_REPLICAMONITORINTERVALSECONDS", "1",
          "MM_SQLSETTINGS_REPLICALAGLIMITMILLISECONDS", Long.toString(LAG_LIMIT_MILLIS),
          "MM_SQLSETTINGS_MAXOPENCONNS", "16"));
      try {
        ApiClient admin = node.client();
        admin.signUp("admin");
        String teamId = admin.createTeam("bench").path("id").asText();
        String channelId = admin.createChannel(teamId, "bench").path("id").asText();
        for (int i = 0; i < 200; i++) {
          admin.createPost(channelId, "benchmark post " + i + " with a few words of text to make it realistic");
        }
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
          ApiClient reader = node.client();
          String readerId = reader.signUp("reader").path("id").asText();
          admin.post("/teams/" + teamId + "/members", Map.of("team_id", teamId, "user_id", readerId));
          admin.post("/channels/" + channelId + "/members", Map.of("user_id", readerId));
          tokens.add(reader.token());
        }
        List<String> paths = List.of("/channels/" + channelId + "/posts?per_page=60", "/users/me", "/users/me/teams");
        report.add(String.format("machine: %d cores, %s; %d clients, GET %s round-robin; %d s initial warm-up, then per phase %d s warm-up, %d s measured",
            Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), CLIENTS, paths, INITIAL_WARMUP.toSeconds(), WARMUP.toSeconds(),
            MEASURE.toSeconds()));

        // 0,1,2,2,1,0: each count is measured early and late, so warm-up and drift (JIT, other
        // work on a shared box) weigh on every count alike; the mean of the two is reported.
        Load settle = Load.start(node.baseUrl(), tokens, paths);
        Thread.sleep(INITIAL_WARMUP.toMillis());
        settle.stop();
        double[] sum = new double[3];
        for (int count : new int[] {0, 1, 2, 2, 1, 0}) {
          useReplicas(node, admin, replicas.subList(0, count));
          Load warm = Load.start(node.baseUrl(), tokens, paths);
          Thread.sleep(WARMUP.toMillis());
          warm.stop();
          Load load = Load.start(node.baseUrl(), tokens, paths);
          Thread.sleep(MEASURE.toMillis());
          Result result = load.stop();
          sum[count] += result.perSecond();
          assertThat(result.failures()).isZero();
          report.add(String.format("%d read replica(s): %s; queries so far %s", count, result, replicaQueries(admin)));
        }
        for (int count = 0; count <= 2; count++) {
          report.add(String.format("%d read replica(s): mean %.0f req/s = %.2fx the 0-replica baseline", count, sum[count] / 2,
              sum[count] / sum[0]));
        }

        // Kill a replica under load (2 replicas in rotation).
        Load load = Load.start(node.baseUrl(), tokens, paths);
        Thread.sleep(WARMUP.toMillis());
        long killedAt = System.nanoTime();
        replicas.get(1).close();
        Thread.sleep(MEASURE.toMillis());
        Result kill = load.stop();
        report.add(String.format("replica-1 stopped under load: %s; worst latency of requests started within 2 s of the stop: %d ms",
            kill, kill.worstStartedWithin(killedAt, Duration.ofSeconds(2))));
        assertThat(kill.failures()).isZero();

        report.add(lagInRotation(node, admin, replicas.get(0), servers));
      } finally {
        node.close();
      }
    } finally {
      TempFiles.delete(directory);
    }
    String text = String.join("\n", report);
    System.out.println("\n=== replica read benchmark ===\n" + text + "\n");
    Files.writeString(Path.of("target", "replica-read-benchmark.txt"), text + "\n");
  }

  private static void useReplicas(TestNode node, ApiClient admin, List<EmbeddedStandby> replicas) {
    node.setEnvironment(Map.of("MM_SQLSETTINGS_DATASOURCEREPLICAS",
        replicas.stream().map(EmbeddedStandby::dataSource).collect(Collectors.joining(" "))));
    ApiClient.Response reloaded = admin.post("/config/reload", Map.of());
    assertThat(reloaded.status()).as(reloaded.rawBody()).isEqualTo(200);
    JsonNode status = admin.get("/database/status").body();
    assertThat(status.path("sources").size()).isEqualTo(1 + replicas.size());
  }

  private static String replicaQueries(ApiClient admin) {
    JsonNode sources = admin.get("/database/status").body().path("sources");
    List<String> counts = new ArrayList<>();
    sources.forEach(source -> counts.add(source.path("name").asText() + "=" + source.path("queries").asLong()));
    return String.join(", ", counts);
  }

  /**
   * Delays a replica's replay while commits keep coming, and times: the first commit held back
   * (so its lag passes the limit {@value #LAG_LIMIT_MILLIS} ms later), and the moment the node's
   * status shows the replica out of rotation.
   */
  private static String lagInRotation(TestNode node, ApiClient admin, EmbeddedStandby replica, LocalReplicaSet servers)
      throws Exception {
    useReplicas(node, admin, List.of(replica));
    await().atMost(Duration.ofSeconds(10)).until(() -> replicaHealthy(admin));
    String channelId = admin.createChannel(admin.get("/users/me/teams").body().get(0).path("id").asText(), "lag").path("id").asText();
    replica.delayReplay(Duration.ofSeconds(10));
    try {
      long heldSince = 0;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      long nextWrite = 0;
      while (System.nanoTime() < deadline) {
        long now = System.nanoTime();
        if (now >= nextWrite) {
          admin.createPost(channelId, "tick");
          nextWrite = now + TimeUnit.MILLISECONDS.toNanos(100);
          if (heldSince == 0 && replica.isReplayHeldBack(Duration.ZERO)) {
            heldSince = now;
          }
        }
        if (heldSince != 0 && !replicaHealthy(admin)) {
          long outAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - heldSince);
          return String.format("lagging replica (ReplicaMonitorIntervalSeconds=1, ReplicaLagLimitMilliseconds=%d): out of rotation "
              + "%d ms after replay was first held back, i.e. it stayed in rotation %d ms after its lag passed the limit",
              LAG_LIMIT_MILLIS, outAfter, Math.max(0, outAfter - LAG_LIMIT_MILLIS));
        }
        Thread.sleep(20);
      }
      return "lagging replica: not taken out within 30 s";
    } finally {
      replica.delayReplay(Duration.ZERO);
    }
  }

  private static boolean replicaHealthy(ApiClient admin) {
    return admin.get("/database/status").body().path("sources").get(1).path("healthy").asBoolean();
  }

  /** Closed-loop load: each client sends its next request when the last one is answered. */
  private static final class Load {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ExecutorService threads;
    private final List<Future<long[][]>> clients = new ArrayList<>();
    private final long started = System.nanoTime();

    private Load(ExecutorService threads) {
      this.threads = threads;
    }

    static Load start(String baseUrl, List<String> tokens, List<String> paths) {
      Load load = new Load(Executors.newFixedThreadPool(tokens.size()));
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      for (String token : tokens) {
        load.clients.add(load.threads.submit(() -> load.run(http, baseUrl, token, paths)));
      }
      return load;
    }

    /** Rows of {start ns, latency ns, status}. */
    private long[][] run(HttpClient http, String baseUrl, String token, List<String> paths) {
      List<long[]> samples = new ArrayList<>();
      int i = 0;
      while (running.get()) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v4" + paths.get(i++ % paths.size())))
            .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).GET().build();
        long start = System.nanoTime();
        int status;
        try {
          status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
          status = -1;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
        samples.add(new long[] {start, System.nanoTime() - start, status});
      }
      return samples.toArray(long[][]::new);
    }

    Result stop() throws Exception {
      running.set(false);
      List<long[]> all = new ArrayList<>();
      for (Future<long[][]> client : clients) {
        all.addAll(Arrays.asList(client.get(60, TimeUnit.SECONDS)));
      }
      threads.shutdown();
      return new Result(all, System.nanoTime() - started);
    }
  }

  private record Result(List<long[]> samples, long elapsedNanos) {
    double perSecond() {
      return samples.size() / (elapsedNanos / 1e9);
    }

    long failures() {
      return samples.stream().filter(s -> s[2] != 200).count();
    }

    long percentileMillis(double p) {
      long[] sorted = samples.stream().mapToLong(s -> s[1]).sorted().toArray();
      return sorted.length == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))]);
    }

    long worstStartedWithin(long fromNanos, Duration window) {
      return samples.stream().filter(s -> s[0] >= fromNanos - TimeUnit.SECONDS.toNanos(1) && s[0] <= fromNanos + window.toNanos())
          .mapToLong(s -> TimeUnit.NANOSECONDS.toMillis(s[1])).max().orElse(0);
    }

    @Override
    public String toString() {
      return String.format("%d requests, %.0f req/s, p50 %d ms, p99 %d ms, max %d ms, %d failed", samples.size(), perSecond(),
          percentileMillis(0.5), percentileMillis(0.99), percentileMillis(1.0), failures());
    }
  }
}
