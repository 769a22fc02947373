package chorus.loadtest.bench;

import chorus.client.ChorusClient;
import chorus.protocol.api.CreateChannelRequest;
import chorus.protocol.api.CreateTeamRequest;
import chorus.protocol.api.CreateUserRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Scenario (f): a cluster of three nodes behind HAProxy (the shipped config), official
 * {@code @mattermost/client} users spread over them by the proxy, posting and listening
 * (node/src/test/mmclient/failover.js), while one node is restarted gracefully (SIGTERM, start)
 * and, with a fresh set of users, another is killed with SIGKILL and started again. For each
 * phase: reconnects, how many resumed without a refetch, lost and duplicated posts, failed
 * requests, the longest outage and the resume time; and how long the cluster took to remove
 * the killed node.
 */
public final class FailoverScenario {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration READY = Duration.ofMinutes(3);
  private static final Duration STOP_WAIT = Duration.ofSeconds(60);

  public record Params(int users, int postsPerSecond, Duration calmBefore) {}

  /** What the users saw in one phase (the harness's report, see failover.js). */
  public record Phase(int postsAcked, int reconnects, int resumed, int refetches, int lost, int duplicates, int outOfOrder,
      int seqErrors, int failedRequests, int requests, double latencyP99Ms, long longestOutageMs, double resumeP50Ms,
      double resumeP99Ms) {

    static Phase of(JsonNode r, String label) {
      JsonNode phase = r.path("per_phase").path(label);
      return new Phase(r.path("posts_acked").asInt(), r.path("reconnects").asInt(), r.path("resumed").asInt(),
          r.path("refetches").asInt(), r.path("lost").asInt(), r.path("duplicates").asInt(), r.path("out_of_order").asInt(),
          r.path("seq_errors").asInt(), phase.path("failed").asInt(), phase.path("requests").asInt(),
          phase.path("latency_p99_ms").asDouble(), r.path("longest_outage_ms").asLong(),
          r.path("resume_ms").path("p50").asDouble(), r.path("resume_ms").path("p99").asDouble());
    }

    /** Reconnects that resumed without a refetch, of all reconnects. */
    public double resumedFraction() {
      return reconnects == 0 ? 1.0 : (double) resumed / reconnects;
    }
  }

  /** @param cluster where the nodes came from: started for (f), or (e)'s nodes after its fan-out */
  public record Result(Params params, Phase graceful, Phase crash, double removalSeconds, String proxy, String cluster) {}

  /**
   * Runs both phases on {@code clusters}' nodes and stops them at the end: (f) is their last
   * user, and leaves them restarted and killed.
   */
  public Result run(Path repo, SharedCluster clusters, Path logDir, Params params) throws Exception {
    try (clusters) {
      if (!LocalHaproxy.available(repo)) {
        throw new IllegalStateException("no deploy/haproxy/haproxy.cfg under " + repo);
      }
      Path mmclient = repo.resolve("node/src/test/mmclient");
      installClient(mmclient, logDir);
      System.out.println("  3 clustered nodes (those (e) used, or started now) and HAProxy ...");
      LocalClusterNodes cluster = clusters.get("(f)");
      try (LocalHaproxy proxy = LocalHaproxy.start(repo, LocalClusterNodes.freePort(), cluster.baseUrls(), logDir)) {
        return phases(mmclient, cluster, proxy, logDir, params, clusters.history());
      }
    }
  }

  private Result phases(Path mmclient, LocalClusterNodes cluster, LocalHaproxy proxy, Path logDir, Params params, String history)
      throws Exception {
    Setup setup = Setup.make(proxy.baseUrl());

    System.out.printf("  graceful: %d users, %d posts/s; SIGTERM to node 3, then start it again ...%n", params.users(),
        params.postsPerSecond());
    Harness graceful = Harness.start(mmclient, logDir.resolve("failover-graceful"), proxy.baseUrl(), setup, params);
    graceful.tell("mark graceful");
    cluster.stop(2, STOP_WAIT);
    cluster.restart(2, READY, logDir);
    Phase gracefulPhase = Phase.of(graceful.report(), "graceful");

    System.out.printf("  crash: %d new users; SIGKILL to node 2, then start it again ...%n", params.users());
    Harness crash = Harness.start(mmclient, logDir.resolve("failover-crash"), proxy.baseUrl(), setup, params);
    crash.tell("mark crash");
    long killed = System.nanoTime();
    cluster.kill(1);
    while (cluster.upMembersSeenBy(0) > 2) {
      if (System.nanoTime() - killed > TimeUnit.MINUTES.toNanos(2)) {
        throw new IllegalStateException("the killed node was not removed within 2 minutes");
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    double removal = (System.nanoTime() - killed) / 1e9;
    cluster.restart(1, READY, logDir);
    Phase crashPhase = Phase.of(crash.report(), "crash");
    return new Result(params, gracefulPhase, crashPhase, removal, "HAProxy, deploy/haproxy/haproxy.cfg", history);
  }

  private static void installClient(Path mmclient, Path logDir) throws Exception {
    if (Files.isDirectory(mmclient.resolve("node_modules/@mattermost/client"))) {
      return;
    }
    Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(mmclient.toFile())
        .redirectErrorStream(true).redirectOutput(logDir.resolve("npm-ci.log").toFile()).start();
    if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
      throw new IllegalStateException("npm ci in " + mmclient + " failed; see " + logDir.resolve("npm-ci.log"));
    }
  }

  /** A team and channels of a user of their own, made through the proxy. */
  private record Setup(String token, String teamId, String channelIds) {
    static Setup make(String base) {
      String name = "failover" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
      ChorusClient.anonymous(base).createUser(new CreateUserRequest(name, name + "@example.com", "Failover-1!",
          null, null, null, null, null, null, null));
      ChorusClient user = ChorusClient.anonymous(base).login(name, "Failover-1!").client();
      String teamId = user.createTeam(new CreateTeamRequest(name, "Failover", "O", null, null, null)).id();
      List<String> channels = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        channels.add(user.createChannel(new CreateChannelRequest(teamId, name + "-" + i, "Failover " + i, "O", null, null)).id());
      }
      return new Setup(user.token().orElseThrow(), teamId, String.join(",", channels));
    }
  }

  /** One run of failover.js: its users sign up, connect, and post until told to stop. */
  private record Harness(Process process, Writer stdin, Path out, Path err) {
    static Harness start(Path mmclient, Path dir, String base, Setup setup, Params params) throws Exception {
      Files.createDirectories(dir);
      ProcessBuilder builder = new ProcessBuilder("node", "failover.js", base, setup.token(), setup.teamId(), setup.channelIds())
          .directory(mmclient.toFile())
          .redirectOutput(dir.resolve("report.json").toFile()).redirectError(dir.resolve("progress.log").toFile());
      builder.environment().put("USERS", Integer.toString(params.users()));
      builder.environment().put("POSTS_PER_SEC", Integer.toString(params.postsPerSecond()));
      Process process = builder.start();
      Harness harness = new Harness(process, new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8),
          dir.resolve("report.json"), dir.resolve("progress.log"));
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (!Files.readString(harness.err()).contains("every socket has its hello")) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException("the failover users did not connect; see " + harness.err());
        }
        TimeUnit.MILLISECONDS.sleep(200);
      }
      // Some traffic before anything fails, so the phase starts from a steady state.
      TimeUnit.MILLISECONDS.sleep(params.calmBefore().toMillis());
      return harness;
    }

    void tell(String line) throws IOException {
      stdin.write(line + "\n");
      stdin.flush();
    }

    JsonNode report() throws Exception {
      tell("stop");
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException("the failover users did not report; see " + err);
      }
      String text = Files.readString(out).trim();
      if (text.isEmpty()) {
        throw new IllegalStateException("the failover users reported nothing; see " + err);
      }
      return JSON.readTree(text.substring(text.lastIndexOf('\n') + 1));
    }
  }
}
