package chorus.loadtest.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * HAProxy with the shipped deploy/haproxy/haproxy.cfg in front of given nodes, for scenario
 * (f). The binary comes from deploy/scripts/fetch-proxy.sh (no root needed); the config is
 * used unchanged, its addresses given through the environment it expands.
 */
final class LocalHaproxy implements AutoCloseable {
  private final Process process;
  private final int port;

  private LocalHaproxy(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static LocalHaproxy start(Path repo, int port, List<String> nodeBaseUrls, Path logDir) throws Exception {
    if (nodeBaseUrls.size() != 3) {
      throw new IllegalArgumentException("deploy/haproxy/haproxy.cfg names three nodes, got " + nodeBaseUrls.size());
    }
    Path fetchLog = logDir.resolve("haproxy-fetch.log");
    Process fetch = new ProcessBuilder(repo.resolve("deploy/scripts/fetch-proxy.sh").toString(), "haproxy")
        .redirectError(fetchLog.toFile()).start();
    String printed = new String(fetch.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!fetch.waitFor(5, TimeUnit.MINUTES) || fetch.exitValue() != 0 || printed.isEmpty()) {
      throw new IllegalStateException("deploy/scripts/fetch-proxy.sh haproxy failed; see " + fetchLog);
    }
    String binary = printed.substring(printed.lastIndexOf('\n') + 1);
    ProcessBuilder builder = new ProcessBuilder(binary, "-db", "-f", repo.resolve("deploy/haproxy/haproxy.cfg").toString())
        .redirectErrorStream(true).redirectOutput(logDir.resolve("haproxy.log").toFile());
    builder.environment().put("CHORUS_LISTEN", "127.0.0.1:" + port);
    for (int i = 0; i < 3; i++) {
      builder.environment().put("CHORUS_NODE" + (i + 1), nodeBaseUrls.get(i).replaceFirst("^https?://", ""));
    }
    LocalHaproxy proxy = new LocalHaproxy(builder.start(), port);
    proxy.awaitListening(Duration.ofSeconds(30), logDir);
    return proxy;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  private void awaitListening(Duration wait, Path logDir) throws Exception {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException("haproxy exited with " + process.exitValue() + "; see " + logDir.resolve("haproxy.log"));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("haproxy did not listen on " + port + " within " + wait);
        }
        TimeUnit.MILLISECONDS.sleep(50);
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  static boolean available(Path repo) {
    return Files.isRegularFile(repo.resolve("deploy/haproxy/haproxy.cfg"));
  }
}
