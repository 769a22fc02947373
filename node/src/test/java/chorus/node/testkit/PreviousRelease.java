package chorus.node.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The fat jar of the previous release, named by commit in {@code src/test/resources/previous-release.txt}
 * and built from this repository's own history: the commit is exported with {@code git archive} into
 * a temporary directory and packaged there ({@code mvn -o -pl node -am package -DskipTests}, online
 * once if the offline build fails; never installed). The jar is kept in
 * {@code ~/.cache/chorus/previous-release/<commit>/} (or {@code -Dchorus.previous.cache}), so only
 * the first run pays for the build.
 *
 * <p>Both releases' poms say the same version, so the build stamps the previous one's version
 * with its commit ({@code 0.1.0-SNAPSHOT+1285760}), as a release build would set its own: the
 * cluster status must tell the two apart.
 */
public final class PreviousRelease {
  private static final Path COMMIT_FILE = Path.of("src", "test", "resources", "previous-release.txt");
  private static final Duration BUILD_WAIT = Duration.ofMinutes(20);
  private static final String STAMP = "node/src/main/resources-filtered/chorus-build.properties";

  private PreviousRelease() {}

  /** The commit named in previous-release.txt (its first line that is not a comment). */
  public static String commit() throws IOException {
    return Files.readAllLines(COMMIT_FILE, StandardCharsets.UTF_8).stream().map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#")).findFirst()
        .orElseThrow(() -> new IllegalStateException(COMMIT_FILE + " names no commit"));
  }

  /** The version string the previous release's nodes report (after "chorus-"). */
  public static String versionSuffix() throws IOException {
    return "+" + commit();
  }

  /** The previous release's fat jar, built on first use. */
  public static Path jar() throws IOException, InterruptedException {
    String commit = commit();
    // From the top of the repository: in a subdirectory, git archive exports only that directory.
    Path top = Path.of(run(Path.of("."), "git", "rev-parse", "--show-toplevel").strip());
    String full = run(top, "git", "rev-parse", "--verify", commit + "^{commit}").strip();
    Path cacheDir = Path.of(System.getProperty("chorus.previous.cache",
        Path.of(System.getProperty("user.home"), ".cache", "chorus", "previous-release").toString())).resolve(full);
    Path jar = cacheDir.resolve("chorus-node-all.jar");
    if (Files.isRegularFile(jar)) {
      return jar;
    }
    Files.createDirectories(cacheDir);
    Path source = Files.createTempDirectory("chorus-previous-" + commit + "-");
    try {
      run(top, "sh", "-c", "git archive --format=tar " + full + " | tar -x -C '" + source + "'");
      Path stamp = source.resolve(STAMP);
      Files.writeString(stamp, Files.readString(stamp).replace("version=${project.version}",
          "version=${project.version}+" + commit));
      Path log = cacheDir.resolve("build.log");
      if (!mvn(source, log, true) && !mvn(source, log, false)) {
        throw new IllegalStateException("building " + commit + " failed offline and online; see " + log);
      }
      Path built;
      try (Stream<Path> files = Files.list(source.resolve("node").resolve("target"))) {
        built = files.filter(f -> f.getFileName().toString().endsWith("-all.jar")).findFirst()
            .orElseThrow(() -> new IllegalStateException("the build of " + commit + " made no fat jar; see " + log));
      }
      Path partial = cacheDir.resolve("chorus-node-all.jar.partial");
      Files.copy(built, partial, StandardCopyOption.REPLACE_EXISTING);
      Files.move(partial, jar, StandardCopyOption.ATOMIC_MOVE);
      return jar;
    } finally {
      TempFiles.delete(source);
    }
  }

  private static boolean mvn(Path source, Path log, boolean offline) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("mvn", "-B", "-q"));
    if (offline) {
      command.add("-o");
    }
    command.addAll(List.of("-pl", "node", "-am", "package", "-DskipTests"));
    Process mvn = new ProcessBuilder(command).directory(source.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    if (!mvn.waitFor(BUILD_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
      mvn.destroyForcibly();
      return false;
    }
    return mvn.exitValue() == 0;
  }

  private static String run(Path dir, String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
    }
    return out;
  }
}
