package chorus.loadtest.bench;

import chorus.loadtest.TempDirectories;
import chorus.loadtest.scenario.NodeProbe;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node the benchmark starts for itself: {@code java -jar chorus-node-*-all.jar run} on a
 * fresh temporary data directory (embedded PostgreSQL), free loopback ports, output to a log
 * file in the results directory. It knows its pid, so it can measure the node's heap and RSS,
 * and it stops only what it started: the node (SIGTERM, then SIGKILL after 30 s) and, if the
 * node died without stopping it, that node's own postmaster.
 */
public final class LocalNode implements NodeProbe, AutoCloseable {
  /**
   * The histogram's last line, the bytes of every live object after the full collection it
   * makes. GC.heap_info cannot be read the same way under every collector: Serial and Parallel
   * list the young generation first, so its first "used" is not the heap's.
   */
  private static final Pattern LIVE_BYTES = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");
  private final Process process;
  private final Path dataDir;
  private final String baseUrl;

  private LocalNode(Process process, Path dataDir, String baseUrl) {
    this.process = process;
    this.dataDir = dataDir;
    this.baseUrl = baseUrl;
  }

  /** Starts the node on {@code cpus.node()}, then moves its database to {@code cpus.database()}. */
  public static LocalNode start(Path nodeJar, List<String> javaOpts, CpuPlan cpus, Path log, Duration readyTimeout)
      throws Exception {
    if (!Files.isRegularFile(nodeJar)) {
      throw new IllegalArgumentException("node jar not found: " + nodeJar + " (build it: mvn -B -q -pl node -am package -DskipTests)");
    }
    Path dataDir = Files.createTempDirectory("chorus-bench-");
    int httpPort = freePort();
    List<String> command = new ArrayList<>(cpus.nodePrefix());
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(javaOpts);
    command.addAll(List.of("-jar", nodeJar.toString(), "run", "--data-dir", dataDir.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("MM_"));
    env.put("MM_SERVICESETTINGS_LISTENADDRESS", "127.0.0.1:" + httpPort);
    env.put("MM_CLUSTERSETTINGS_MANAGEMENTPORT", Integer.toString(freePort()));
    env.put("MM_TEAMSETTINGS_ENABLEOPENSERVER", "true");
    env.put("MM_TEAMSETTINGS_MAXUSERSPERTEAM", "1000000");
    env.put("MM_LOGSETTINGS_ENABLEFILE", "false");
    env.put("MM_LOGSETTINGS_CONSOLELEVEL", "WARN");
    LocalNode node = new LocalNode(builder.start(), dataDir, "http://127.0.0.1:" + httpPort);
    try {
      node.awaitReady(readyTimeout, log);
      if (cpus.pins()) {
        // The postmaster forks every later backend, which inherits its CPUs.
        CpuPlan.pin(cpus.database(), CpuPlan.withDescendants(node.postmasterPid().orElseThrow(() ->
            new IllegalStateException("the node's database has no postmaster.pid"))));
      }
      return node;
    } catch (Exception e) {
      node.close();
      throw e;
    }
  }

  public String baseUrl() {
    return baseUrl;
  }

  public long pid() {
    return process.pid();
  }

  /** The embedded PostgreSQL's first process, from its {@code postmaster.pid} (line 1). */
  public Optional<Long> postmasterPid() {
    try {
      return Optional.of(Long.parseLong(Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid")).get(0).trim()));
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  /** The embedded PostgreSQL's port, from its {@code postmaster.pid} (line 4). */
  public int postgresPort() throws IOException {
    List<String> lines = Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid"));
    return Integer.parseInt(lines.get(3).trim());
  }

  @Override
  public Optional<Memory> memoryAfterGc() {
    try {
      Matcher live = LIVE_BYTES.matcher(jcmd("GC.class_histogram"));
      if (!live.find()) {
        return Optional.empty();
      }
      long heap = Long.parseLong(live.group(1));
      long rss = Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status")).stream()
          .filter(l -> l.startsWith("VmRSS:"))
          .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024)
          .findFirst().orElse(0L);
      return Optional.of(new Memory(heap, rss));
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  @Override
  public List<String> classHistogram(int lines) {
    try {
      return jcmd("GC.class_histogram").lines().filter(l -> l.matches("\\s*\\d+:.*")).limit(lines).map(String::trim).toList();
    } catch (Exception e) {
      return List.of();
    }
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid()), command).redirectErrorStream(true).start();
    // Read before waiting: a class histogram is larger than the pipe buffer.
    java.util.concurrent.CompletableFuture<String> out = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    if (!jcmd.waitFor(120, TimeUnit.SECONDS)) {
      jcmd.destroyForcibly();
      throw new IOException("jcmd " + command + " timed out");
    }
    return out.join();
  }

  private void awaitReady(Duration timeout, Path log) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest ping = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v4/system/ping?get_server_status=true"))
        .timeout(Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the node exited during start-up (" + process.exitValue() + "); see " + log);
      }
      try {
        if (http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    throw new IllegalStateException("the node was not ready within " + timeout + "; see " + log);
  }

  @Override
  public void close() {
    Optional<Long> postmaster = postmasterPid();
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // A node killed before it stopped its database leaves that postmaster behind: stop it too.
    postmaster.flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive).ifPresent(p -> {
      p.destroy();
      p.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> null).join();
    });
    TempDirectories.delete(dataDir);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
