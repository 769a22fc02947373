package chorus.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removes the temporary directories the benchmarks make (a node's data directory holds ~140 MB of PostgreSQL). */
public final class TempDirectories {
  private TempDirectories() {}

  /** Deletes {@code dir} and everything under it; a failure is reported, not thrown, as the measurement is done. */
  public static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not delete " + dir + ": " + e.getMessage());
    }
  }
}
