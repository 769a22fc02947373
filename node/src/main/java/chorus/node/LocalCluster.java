package chorus.node;

import chorus.persistence.db.EmbeddedDatabase;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code chorus cluster}: a cluster on one machine for trying Chorus out. One embedded
 * PostgreSQL and N node processes of this same jar, each with its own data directory and
 * ports (node i serves HTTP on base + 100 i, gossip on 8074 + 100 i, management on
 * 8558 + 100 i), forming their cluster through the shared database. Ctrl-C stops the nodes
 * gracefully, then the database.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
    description = "Run a local cluster for trying it out: one PostgreSQL and N nodes on this machine.")
final class LocalCluster implements Callable<Integer> {
  private static final Duration READY_WAIT = Duration.ofMinutes(3);
  private static final Duration STOP_WAIT = Duration.ofSeconds(60);
  private static final int CONNECTIONS_PER_NODE = 20;

  @Option(names = "--nodes", defaultValue = "3", description = "Number of nodes (default ${DEFAULT-VALUE}).")
  int nodes;

  @Option(names = "--data-dir", description = "Database and node directories (env CHORUS_DATA_DIR, default ./data/cluster).")
  Path dataDir;

  @Option(names = "--base-port", defaultValue = "8065", description = "HTTP port of the first node (default ${DEFAULT-VALUE}).")
  int basePort;

  @Override
  public Integer call() throws Exception {
    if (nodes < 1 || nodes > 9) {
      System.err.println("--nodes must be between 1 and 9");
      return 2;
    }
    Path root = dataDir != null ? dataDir
        : Path.of(System.getenv().getOrDefault("CHORUS_DATA_DIR", "data")).resolve("cluster");
    // Stopped by our own hook, after the nodes: they deregister and save presence on the way out.
    EmbeddedDatabase database = EmbeddedDatabase.start(root, nodes * (CONNECTIONS_PER_NODE + 5) + 10, false);
    String dataSource = "postgres://" + EmbeddedDatabase.USER + "@127.0.0.1:" + database.port() + "/postgres?sslmode=disable";
    List<Process> processes = new ArrayList<>();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stop(processes);
      database.close();
      stopped.countDown();
    }, "chorus-cluster-shutdown"));
    for (int i = 0; i < nodes; i++) {
      processes.add(launch(root.resolve("node-" + (i + 1)), environment(i, dataSource)));
    }
    for (int i = 0; i < nodes; i++) {
      String url = "http://127.0.0.1:" + (basePort + 100 * i);
      if (!awaitReady(url, processes.get(i))) {
        System.err.println("node " + (i + 1) + " did not become ready; see " + root.resolve("node-" + (i + 1)).resolve("console.log"));
        return 1;
      }
      System.out.println("node " + (i + 1) + ": " + url + "  (log " + root.resolve("node-" + (i + 1)).resolve("console.log") + ")");
    }
    System.out.println("cluster 'local' with " + nodes + " node(s) is up; database at " + dataSource + "; Ctrl-C stops it");
    stopped.await();
    return 0;
  }

  private Map<String, String> environment(int i, String dataSource) {
    return Map.of(
        "MM_SQLSETTINGS_DATASOURCE", dataSource,
        "MM_SQLSETTINGS_MAXOPENCONNS", Integer.toString(CONNECTIONS_PER_NODE),
        "MM_CLUSTERSETTINGS_ENABLE", "true",
        "MM_CLUSTERSETTINGS_CLUSTERNAME", "local",
        "MM_CLUSTERSETTINGS_OVERRIDEHOSTNAME", "127.0.0.1",
        "MM_CLUSTERSETTINGS_GOSSIPPORT", Integer.toString(8074 + 100 * i),
        "MM_CLUSTERSETTINGS_MANAGEMENTPORT", Integer.toString(8558 + 100 * i),
        "MM_SERVICESETTINGS_LISTENADDRESS", ":" + (basePort + 100 * i),
        "MM_METRICSSETTINGS_LISTENADDRESS", ":" + (8067 + 100 * i));
  }

  /** Starts {@code chorus run} from this same jar, with its output in the node's directory. */
  private static Process launch(Path nodeDir, Map<String, String> env) throws Exception {
    Files.createDirectories(nodeDir);
    String java = ProcessHandle.current().info().command().orElse("java");
    String classpath = new File(LocalCluster.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(heapAndCollector());
    command.addAll(List.of("-cp", classpath, Main.class.getName(), "run", "--data-dir", nodeDir.toString()));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(nodeDir.resolve("console.log").toFile());
    builder.environment().putAll(env);
    return builder.start();
  }

  /**
   * This JVM's memory and collector options (bin/chorus's defaults and JAVA_OPTS), so each node
   * runs as a node started alone would; a recording or an agent stays with this process only.
   */
  private static List<String> heapAndCollector() {
    return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(option -> option.startsWith("-X") && !option.contains("FlightRecord"))
        .toList();
  }

  private static boolean awaitReady(String url, Process process) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest ping = HttpRequest.newBuilder(URI.create(url + "/api/v4/system/ping")).timeout(Duration.ofSeconds(5)).build();
    Instant deadline = Instant.now().plus(READY_WAIT);
    while (Instant.now().isBefore(deadline) && process.isAlive()) {
      try {
        if (http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return true;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      }
      Thread.sleep(500);
    }
    return false;
  }

  /** SIGTERM to every node at once (each leaves the cluster gracefully), then waits. */
  private static void stop(List<Process> processes) {
    processes.forEach(Process::destroy);
    for (Process process : processes) {
      try {
        if (!process.waitFor(STOP_WAIT.toSeconds(), TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
