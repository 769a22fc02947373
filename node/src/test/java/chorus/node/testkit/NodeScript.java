package chorus.node.testkit;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A Node.js script driving Chorus from one of the test's npm projects, whose packages come from
 * the committed package-lock, installed with {@code npm ci} on first use: src/test/mmclient
 * (the official {@code @mattermost/client} and {@code mattermost-redux}) or src/test/browser
 * ({@code playwright-core} driving Debian's headless Chromium through Chorus's own pages). Its
 * stdout and stderr go to files.
 */
public final class NodeScript implements AutoCloseable {
  private static final Path MMCLIENT = Path.of("src", "test", "mmclient");
  private static final Path BROWSER = Path.of("src", "test", "browser");
  /** Where browser scripts save their screenshots, kept with the build's other test output. */
  public static final Path SCREENSHOTS = Path.of("target", "screenshots").toAbsolutePath();
  private static final Duration CHROMIUM_INSTALL = Duration.ofMinutes(5);

  private final Process process;
  private final Path out;
  private final Path err;
  private final Writer stdin;

  private NodeScript(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
  }

  /** Installs the mmclient packages unless they are there (the newest one missing means an older install). */
  public static void installMmClient() throws IOException, InterruptedException {
    NpmInstall.ensure(MMCLIENT, "mattermost-redux");
  }

  /** Starts {@code node script args...} in src/test/mmclient. */
  public static NodeScript mmclient(Path logDir, String script, String... args) throws IOException, InterruptedException {
    installMmClient();
    return start(MMCLIENT, Map.of(), logDir, script, args);
  }

  /**
   * Starts {@code node script args...} in src/test/browser with {@code CHROMIUM} naming Debian's
   * Chromium (installed by {@code chromium.sh} when missing) and {@code SCREENSHOTS} naming
   * {@link #SCREENSHOTS}.
   */
  public static NodeScript browser(Path logDir, String script, String... args) throws IOException, InterruptedException {
    NpmInstall.ensure(BROWSER, "playwright-core");
    Map<String, String> env = Map.of("CHROMIUM", chromium(logDir), "SCREENSHOTS", SCREENSHOTS.toString());
    return start(BROWSER, env, logDir, script, args);
  }

  private static String chromium(Path logDir) throws IOException, InterruptedException {
    Files.createDirectories(logDir);
    Path out = logDir.resolve("chromium.sh.out");
    Path err = logDir.resolve("chromium.sh.err");
    Process install = new ProcessBuilder("bash", "chromium.sh").directory(BROWSER.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!install.waitFor(CHROMIUM_INSTALL.toSeconds(), TimeUnit.SECONDS) || install.exitValue() != 0) {
      install.destroyForcibly();
      throw new IllegalStateException("chromium.sh found no Chromium:\n" + Files.readString(err));
    }
    return Files.readString(out).trim();
  }

  private static NodeScript start(Path dir, Map<String, String> env, Path logDir, String script, String... args)
      throws IOException {
    Files.createDirectories(logDir);
    List<String> command = new ArrayList<>(List.of("node", script));
    command.addAll(List.of(args));
    Path out = logDir.resolve(script + ".out");
    Path err = logDir.resolve(script + ".err");
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().putAll(env);
    return new NodeScript(builder.start(), out, err);
  }

  /** Waits until the script's stderr contains {@code text}. */
  public void awaitProgress(String text, Duration deadline) {
    Awaitility.await().atMost(deadline).pollInterval(Duration.ofMillis(200)).until(() -> {
      // Read before asking whether it is alive: a script may write the text and exit in between.
      String written = progress();
      if (written.contains(text)) {
        return true;
      }
      if (!process.isAlive()) {
        throw new AssertionError("the script exited with " + process.exitValue() + ":\n" + progress());
      }
      return false;
    });
  }

  /** Sends one line to the script's stdin. */
  public void tell(String line) throws IOException {
    stdin.write(line + "\n");
    stdin.flush();
  }

  /** Waits for the script to exit; answers its stdout. */
  public String awaitExit(Duration deadline) throws IOException, InterruptedException {
    if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the script did not finish within " + deadline + ":\n" + progress());
    }
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  public int exitCode() {
    return process.exitValue();
  }

  /** What the script wrote to stderr so far. */
  public String progress() throws IOException {
    return Files.readString(err, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
