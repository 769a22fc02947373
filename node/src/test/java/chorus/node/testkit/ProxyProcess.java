package chorus.node.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * HAProxy or nginx as a separate process in front of three nodes, running the configuration an
 * operator gets ({@code deploy/haproxy/haproxy.cfg}, {@code deploy/nginx/chorus.conf}) so that
 * end-to-end tests prove the shipped file, not a copy. The binary comes from
 * {@code deploy/scripts/fetch-proxy.sh} (the proxy on PATH, or a Debian package unpacked into
 * the user's cache without root); nginx's placeholders are filled by
 * {@code deploy/scripts/render-proxy-config.sh}, HAProxy reads {@code CHORUS_*} from its
 * environment. The proxy runs in the foreground with its output in {@code console.log} of the
 * run directory (nginx also writes {@code error.log} and {@code access.log} there).
 *
 * <p>Paths are relative to the node module, where Maven runs the tests.
 */
public final class ProxyProcess implements AutoCloseable {
  /** Covers a first download of the Debian packages; later runs find them in the cache. */
  private static final Duration FETCH_WAIT = Duration.ofMinutes(5);
  private static final Duration LISTEN_WAIT = Duration.ofSeconds(30);
  private static final Duration STOP_WAIT = Duration.ofSeconds(10);
  private static final Path DEPLOY = Path.of("..", "deploy");

  private final String name;
  private final Path runDir;
  private final int port;
  private final Process process;

  private ProxyProcess(String name, Path runDir, int port, Process process) {
    this.name = name;
    this.runDir = runDir;
    this.port = port;
    this.process = process;
  }

  /**
   * Starts HAProxy with the shipped haproxy.cfg on 127.0.0.1:{@code listenPort}, balancing over
   * {@code backends} ({@code host:port} or {@code http://host:port}, exactly three as in the
   * shipped file), and returns once it accepts connections.
   */
  public static ProxyProcess haproxy(Path runDir, int listenPort, List<String> backends) throws IOException {
    List<String> nodes = hostPorts(backends);
    Files.createDirectories(runDir);
    Path binary = fetch("haproxy", runDir);
    Path config = render("haproxy", runDir, listenPort, nodes);
    ProcessBuilder builder = new ProcessBuilder(binary.toString(), "-db", "-f", config.toString());
    Map<String, String> env = builder.environment();
    env.put("CHORUS_LISTEN", "127.0.0.1:" + listenPort);
    for (int i = 0; i < nodes.size(); i++) {
      env.put("CHORUS_NODE" + (i + 1), nodes.get(i));
    }
    return start("haproxy", runDir, listenPort, builder);
  }

  /** As {@link #haproxy}, with nginx and the shipped chorus.conf rendered into {@code runDir}. */
  public static ProxyProcess nginx(Path runDir, int listenPort, List<String> backends) throws IOException {
    List<String> nodes = hostPorts(backends);
    Files.createDirectories(runDir);
    Path binary = fetch("nginx", runDir);
    Path config = render("nginx", runDir, listenPort, nodes);
    // -p keeps any relative path nginx might resolve inside the run directory.
    ProcessBuilder builder = new ProcessBuilder(binary.toString(), "-p", runDir.toAbsolutePath() + "/",
        "-c", config.toString(), "-g", "daemon off;");
    return start("nginx", runDir, listenPort, builder);
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public String webSocketUrl() {
    return "ws://127.0.0.1:" + port + "/api/v4/websocket";
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** What the proxy printed (HAProxy logs server state changes and failed requests here). */
  public String console() throws IOException {
    return Files.readString(runDir.resolve("console.log"), StandardCharsets.UTF_8);
  }

  /**
   * Where the proxy says why a request failed: its console, and nginx's error and access logs
   * (the shipped chorus.conf logs only requests that did not succeed).
   */
  public String failureLogs() throws IOException {
    StringBuilder logs = new StringBuilder();
    for (String file : List.of("console.log", "error.log", "access.log")) {
      Path log = runDir.resolve(file);
      if (Files.isRegularFile(log)) {
        logs.append("--- ").append(file).append('\n').append(Files.readString(log, StandardCharsets.UTF_8));
      }
    }
    return logs.toString();
  }

  /**
   * SIGTERM to the proxy's pid (both stop at once on it), then SIGKILL if it lingers. nginx's
   * workers are its children: any still alive once the master is gone are killed by pid too.
   */
  @Override
  public void close() throws InterruptedException {
    List<ProcessHandle> workers = process.descendants().toList();
    process.destroy();
    if (!process.waitFor(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      process.waitFor(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }
    for (ProcessHandle worker : workers) {
      if (worker.isAlive()) {
        worker.destroyForcibly();
      }
    }
  }

  @Override
  public String toString() {
    return name + " pid " + process.pid() + " on " + baseUrl();
  }

  private static List<String> hostPorts(List<String> backends) {
    if (backends.size() != 3) {
      throw new IllegalArgumentException("the shipped proxy configurations name three nodes, got " + backends);
    }
    List<String> nodes = new ArrayList<>();
    for (String backend : backends) {
      String node = backend.replaceFirst("^https?://", "").replaceFirst("/+$", "");
      if (!node.matches("[A-Za-z0-9.\\-\\[\\]:]+:[0-9]+")) {
        throw new IllegalArgumentException("not host:port: " + backend);
      }
      nodes.add(node);
    }
    return nodes;
  }

  private static Path fetch(String name, Path runDir) throws IOException {
    String out = runScript(runDir.resolve("fetch.log"), FETCH_WAIT, script("fetch-proxy.sh").toString(), name);
    Path binary = Path.of(lastLine(out));
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException("fetch-proxy.sh " + name + " printed no executable: " + out);
    }
    return binary;
  }

  private static Path render(String name, Path runDir, int listenPort, List<String> nodes) throws IOException {
    List<String> command = new ArrayList<>(List.of(script("render-proxy-config.sh").toString(), name));
    if (name.equals("nginx")) {
      command.add(runDir.toAbsolutePath().toString());
      command.add("127.0.0.1:" + listenPort);
      command.addAll(nodes);
    }
    String out = runScript(runDir.resolve("render.log"), Duration.ofSeconds(30), command.toArray(String[]::new));
    return Path.of(lastLine(out));
  }

  private static ProxyProcess start(String name, Path runDir, int port, ProcessBuilder builder) throws IOException {
    builder.redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(runDir.resolve("console.log").toFile()));
    ProxyProcess proxy = new ProxyProcess(name, runDir, port, builder.start());
    try {
      proxy.awaitListening();
    } catch (RuntimeException e) {
      try {
        proxy.close();
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
      throw e;
    }
    return proxy;
  }

  private void awaitListening() throws IOException {
    Instant deadline = Instant.now().plus(LISTEN_WAIT);
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + " before listening: " + console());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException notYet) {
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException(name + " did not listen on " + port + " within " + LISTEN_WAIT + ": " + console());
        }
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + name, e);
      }
    }
  }

  private static Path script(String file) {
    Path path = DEPLOY.resolve("scripts").resolve(file);
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException(path.toAbsolutePath() + " not found: tests run in the node module directory");
    }
    return path;
  }

  /** Runs a script with bash, its stderr in {@code log}; answers its stdout. */
  private static String runScript(Path log, Duration wait, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("bash"));
    command.addAll(List.of(args));
    Path stdout = Files.createTempFile(log.getParent(), "script", ".out");
    try {
      Process script = new ProcessBuilder(command)
          .redirectOutput(stdout.toFile())
          .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
      boolean done;
      try {
        done = script.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        script.descendants().forEach(ProcessHandle::destroyForcibly);
        script.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted running " + command, e);
      }
      if (!done) {
        script.descendants().forEach(ProcessHandle::destroyForcibly);
        script.destroyForcibly();
        throw new IllegalStateException(command + " did not finish within " + wait + "; see " + log);
      }
      String out = Files.readString(stdout, StandardCharsets.UTF_8);
      if (script.exitValue() != 0) {
        throw new IllegalStateException(command + " exited with " + script.exitValue() + ": " + read(log));
      }
      return out;
    } finally {
      Files.deleteIfExists(stdout);
    }
  }

  private static String lastLine(String out) {
    String[] lines = out.strip().split("\n");
    return lines[lines.length - 1].strip();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
