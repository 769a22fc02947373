package chorus.node.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The npm packages of a test's Node.js project, from its committed package-lock ({@code npm ci}), once. */
public final class NpmInstall {
  private static final Duration WAIT = Duration.ofMinutes(5);

  private NpmInstall() {}

  /** Installs the packages of {@code dir} unless {@code dir/node_modules/<marker>} is already there. */
  public static void ensure(Path dir, String marker) throws IOException, InterruptedException {
    if (Files.isDirectory(dir.resolve("node_modules").resolve(marker))) {
      return;
    }
    Path log = Files.createTempFile("npm-ci-", ".log");
    Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(dir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!npm.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS) || npm.exitValue() != 0) {
      npm.destroyForcibly();
      throw new IllegalStateException("npm ci in " + dir + " failed:\n" + Files.readString(log));
    }
    Files.delete(log);
  }
}
