package chorus.node.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A Chorus node as a separate JVM process running the real fat jar ({@code chorus run}),
 * its output in {@code console.log} of its data directory. Restartable with the same
 * settings and data directory, as systemd would.
 */
public final class NodeProcess implements AutoCloseable {
  private static final Duration READY_WAIT = Duration.ofMinutes(3);
  private static final int CONSOLE_TAIL_LINES = 60;

  private Path jar;
  private final Path dataDir;
  private final Map<String, String> env;
  private final int port;
  private Process process;

  public NodeProcess(Path jar, Path dataDir, Map<String, String> settings) {
    this.jar = jar;
    this.dataDir = dataDir;
    this.port = FreePorts.next();
    this.env = new HashMap<>(settings);
    env.put("MM_SERVICESETTINGS_LISTENADDRESS", "127.0.0.1:" + port);
    env.put("MM_LOGSETTINGS_ENABLEFILE", "false");
    env.put("MM_TEAMSETTINGS_ENABLEOPENSERVER", "true");
    env.put("MM_SQLSETTINGS_MAXOPENCONNS", "10");
  }

  /** The jar failsafe hands over in {@code chorus.node.jar}. */
  public static Path jar() {
    String path = System.getProperty("chorus.node.jar");
    if (path == null || !Files.isRegularFile(Path.of(path))) {
      throw new IllegalStateException("chorus.node.jar does not name the built fat jar: " + path);
    }
    return Path.of(path);
  }

  /**
   * The next {@link #start} runs {@code release} instead, with the same settings, data directory
   * and ports: a node upgraded in place.
   */
  public void replaceJar(Path release) {
    this.jar = release;
  }

  public NodeProcess start() throws IOException {
    Files.createDirectories(dataDir);
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar", jar.toString(),
        "run", "--data-dir", dataDir.toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("console.log").toFile()));
    builder.environment().putAll(env);
    process = builder.start();
    return this;
  }

  /**
   * Waits until the node answers ping, which it does only once it is Up in its cluster. A node
   * that exits or never gets there fails the wait at once, or at the deadline, with the end of
   * its console: the data directory is deleted with the cluster, so that is all a CI log keeps.
   */
  public void awaitReady() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest ping = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v4/system/ping")).timeout(Duration.ofSeconds(5)).build();
    try {
      // Only a refused or timed-out ping means "not yet"; the exit below must not be swallowed.
      Awaitility.await().atMost(READY_WAIT).pollInterval(Duration.ofMillis(200)).ignoreExceptionsInstanceOf(IOException.class)
          .until(() -> {
            if (!process.isAlive()) {
              throw new AssertionError("node exited with " + process.exitValue() + "; its console ends:\n" + consoleTail());
            }
            return http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
          });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("node did not answer ping within " + READY_WAIT + "; its console ends:\n" + consoleTail(), e);
    }
  }

  private String consoleTail() {
    try {
      List<String> lines = Files.readAllLines(dataDir.resolve("console.log"), StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - CONSOLE_TAIL_LINES), lines.size()));
    } catch (IOException e) {
      return "(no console: " + e + ")";
    }
  }

  /** SIGKILL: no shutdown hook, no leaving, as in a crash. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM; answers the exit code. */
  public int terminate(Duration wait) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("node did not stop within " + wait + " of SIGTERM");
    }
    return process.exitValue();
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public String webSocketUrl() {
    return "ws://127.0.0.1:" + port + "/api/v4/websocket";
  }

  public ApiClient client() {
    return new ApiClient(baseUrl());
  }

  @Override
  public void close() throws InterruptedException {
    if (isAlive()) {
      kill();
    }
  }
}
