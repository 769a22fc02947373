package chorus.loadtest.bench;

import chorus.loadtest.TempDirectories;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * N clustered nodes the benchmark starts for scenario (e): {@code chorus run} processes with
 * {@code ClusterSettings.Enable} against one existing PostgreSQL (the benchmark's own node's
 * embedded database), every port (HTTP, gossip, management, metrics) a free loopback port so
 * nothing collides with other clusters on the machine. They find each other through the
 * database's discovery table under a cluster name of their own. It stops only what it started
 * (SIGTERM to each node, SIGKILL after 30 s) and deletes their data directories.
 */
public final class LocalClusterNodes implements AutoCloseable {
  private static final Pattern UP = Pattern.compile("\"status\"\\s*:\\s*\"Up\"");
  private static final int CONNECTIONS_PER_NODE = 20;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<Process> processes = new ArrayList<>();
  private final List<ProcessBuilder> builders = new ArrayList<>();
  private final List<Path> dataDirs = new ArrayList<>();
  private final List<String> baseUrls = new ArrayList<>();
  private final List<Integer> managementPorts = new ArrayList<>();

  private LocalClusterNodes() {}

  /**
   * Starts {@code nodes} nodes against PostgreSQL on {@code postgresPort} and waits until each
   * answers its ping and every node sees all of them Up.
   */
  public static LocalClusterNodes start(Path nodeJar, List<String> javaOpts, int postgresPort, int nodes, Path logDir,
      Duration readyTimeout) throws Exception {
    LocalClusterNodes cluster = new LocalClusterNodes();
    try {
      String clusterName = "bench" + ProcessHandle.current().pid();
      String dataSource = "postgres://postgres@127.0.0.1:" + postgresPort + "/postgres?sslmode=disable";
      for (int i = 0; i < nodes; i++) {
        cluster.launch(nodeJar, javaOpts, dataSource, clusterName, logDir.resolve("cluster-node-" + (i + 1) + ".log"));
      }
      cluster.awaitReady(nodes, readyTimeout, logDir);
      return cluster;
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
  }

  public List<String> baseUrls() {
    return List.copyOf(baseUrls);
  }

  private void launch(Path nodeJar, List<String> javaOpts, String dataSource, String clusterName, Path log) throws IOException {
    Path dataDir = Files.createTempDirectory("chorus-bench-cluster-");
    dataDirs.add(dataDir);
    int http = freePort();
    int management = freePort();
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
    command.addAll(javaOpts);
    command.addAll(List.of("-jar", nodeJar.toString(), "run", "--data-dir", dataDir.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("MM_"));
    env.put("MM_SQLSETTINGS_DATASOURCE", dataSource);
    env.put("MM_SQLSETTINGS_MAXOPENCONNS", Integer.toString(CONNECTIONS_PER_NODE));
    env.put("MM_CLUSTERSETTINGS_ENABLE", "true");
    env.put("MM_CLUSTERSETTINGS_CLUSTERNAME", clusterName);
    env.put("MM_CLUSTERSETTINGS_OVERRIDEHOSTNAME", "127.0.0.1");
    env.put("MM_CLUSTERSETTINGS_GOSSIPPORT", Integer.toString(freePort()));
    env.put("MM_CLUSTERSETTINGS_MANAGEMENTPORT", Integer.toString(management));
    env.put("MM_SERVICESETTINGS_LISTENADDRESS", "127.0.0.1:" + http);
    env.put("MM_METRICSSETTINGS_LISTENADDRESS", "127.0.0.1:" + freePort());
    env.put("MM_TEAMSETTINGS_ENABLEOPENSERVER", "true");
    env.put("MM_TEAMSETTINGS_MAXUSERSPERTEAM", "1000000");
    env.put("MM_LOGSETTINGS_ENABLEFILE", "false");
    env.put("MM_LOGSETTINGS_CONSOLELEVEL", "WARN");
    builders.add(builder);
    processes.add(builder.start());
    baseUrls.add("http://127.0.0.1:" + http);
    managementPorts.add(management);
  }

  private void awaitReady(int nodes, Duration timeout, Path logDir) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (int i = 0; i < nodes; i++) {
      awaitNode(i, nodes, deadline, timeout, logDir);
    }
  }

  private void awaitNode(int i, int nodes, long deadline, Duration timeout, Path logDir) throws Exception {
    HttpRequest ping = HttpRequest.newBuilder(URI.create(baseUrls.get(i) + "/api/v4/system/ping")).timeout(Duration.ofSeconds(5)).build();
    while (!(answers(HTTP, ping) && upMembersSeenBy(i) >= nodes)) {
      if (!processes.get(i).isAlive()) {
        throw new IllegalStateException("cluster node " + (i + 1) + " exited during start-up; see " + logDir);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("cluster node " + (i + 1) + " did not see " + nodes + " members Up within " + timeout
            + "; see " + logDir);
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
  }

  /** SIGKILL to node {@code i}: a crash, no leaving. */
  public void kill(int i) throws InterruptedException {
    processes.get(i).destroyForcibly();
    processes.get(i).waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM to node {@code i}, waiting for it to drain and exit. */
  public void stop(int i, Duration wait) throws InterruptedException {
    processes.get(i).destroy();
    if (!processes.get(i).waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("cluster node " + (i + 1) + " did not stop within " + wait + " of SIGTERM");
    }
  }

  /** Starts node {@code i} again on its data directory and ports; returns once every node is Up for it. */
  public void restart(int i, Duration timeout, Path logDir) throws Exception {
    processes.set(i, builders.get(i).start());
    awaitNode(i, processes.size(), System.nanoTime() + timeout.toNanos(), timeout, logDir);
  }

  /** How many members node {@code i} sees Up; 0 when it does not answer. */
  public int upMembersSeenBy(int i) throws InterruptedException {
    HttpRequest members = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPorts.get(i) + "/cluster/members"))
        .timeout(Duration.ofSeconds(5)).build();
    return upMembers(HTTP, members);
  }

  private static boolean answers(HttpClient http, HttpRequest ping) throws InterruptedException {
    try {
      return http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException notYet) {
      return false;
    }
  }

  private static int upMembers(HttpClient http, HttpRequest members) throws InterruptedException {
    try {
      HttpResponse<String> reply = http.send(members, HttpResponse.BodyHandlers.ofString());
      if (reply.statusCode() != 200) {
        return 0;
      }
      Matcher up = UP.matcher(reply.body());
      int count = 0;
      while (up.find()) {
        count++;
      }
      return count;
    } catch (IOException notYet) {
      return 0;
    }
  }

  @Override
  public void close() {
    // SIGTERM to all at once: each leaves the cluster gracefully rather than one by one.
    processes.forEach(Process::destroy);
    for (Process process : processes) {
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    dataDirs.forEach(TempDirectories::delete);
    processes.clear();
    dataDirs.clear();
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
