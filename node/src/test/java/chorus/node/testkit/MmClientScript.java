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
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A Node.js script of src/test/mmclient driving Chorus with the official
 * {@code @mattermost/client}; the npm packages come from the committed package-lock,
 * installed with {@code npm ci} on first use. Its stdout and stderr go to files.
 */
public final class MmClientScript implements AutoCloseable {
  private static final Path DIR = Path.of("src", "test", "mmclient");

  private final Process process;
  private final Path out;
  private final Path err;
  private final Writer stdin;

  private MmClientScript(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
  }

  /** Installs the packages unless they are there (the newest one missing means an older install). */
  public static void install() throws IOException, InterruptedException {
    NpmInstall.ensure(DIR, "mattermost-redux");
  }

  /** Starts {@code node script args...}. */
  public static MmClientScript start(Path logDir, String script, String... args) throws IOException, InterruptedException {
    install();
    Files.createDirectories(logDir);
    List<String> command = new ArrayList<>(List.of("node", script));
    command.addAll(List.of(args));
    Path out = logDir.resolve(script + ".out");
    Path err = logDir.resolve(script + ".err");
    Process process = new ProcessBuilder(command).directory(DIR.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    return new MmClientScript(process, out, err);
  }

  /** Waits until the script's stderr contains {@code text}. */
  public void awaitProgress(String text, Duration deadline) {
    Awaitility.await().atMost(deadline).pollInterval(Duration.ofMillis(200)).until(() -> {
      if (!process.isAlive()) {
        throw new AssertionError("the script exited with " + process.exitValue() + ":\n" + progress());
      }
      return progress().contains(text);
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
