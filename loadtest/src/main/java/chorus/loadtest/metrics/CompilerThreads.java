package chorus.loadtest.metrics;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of a local JVM's JIT compiler threads (HotSpot names them "C1 CompilerThread<n>" and
 * "C2 CompilerThread<n>", which Linux cuts to 15 characters), from its {@code /proc} task list:
 * while they are busy, a benchmark measures the compiler as much as the code it compiles.
 */
public final class CompilerThreads {
  private CompilerThreads() {}

  /** User + system ticks of the compiler threads alive now, or -1 when the process cannot be read. */
  public static long ticks(long pid) {
    long ticks = 0;
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks) {
        ticks += compilerTicks(task.resolve("stat"));
      }
    } catch (IOException e) {
      return -1;
    }
    return ticks;
  }

  /** The thread's ticks when {@code stat} is a compiler thread's, else 0 (also when it has gone). */
  static long compilerTicks(Path stat) {
    ProcStat thread = ProcStat.read(stat);
    if (thread == null || !(thread.name().startsWith("C1 CompilerThre") || thread.name().startsWith("C2 CompilerThre"))) {
      return 0;
    }
    return thread.ticks();
  }
}
