package chorus.loadtest.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompilerThreadsTest {
  // Fields after the name: state, ppid, ... utime is the 14th field of the line, stime the 15th.
  private static final String AFTER_NAME = " S 1 1 1 0 -1 4194368 100 0 0 0 %d %d 0 0 20 0 30 0 500 0 0";

  @Test
  void countsTheCompilerThreadsOnlyWhateverTheirNames(@TempDir Path dir) throws IOException {
    assertThat(CompilerThreads.compilerTicks(stat(dir, "7 (C2 CompilerThre)", 120, 30))).isEqualTo(150);
    assertThat(CompilerThreads.compilerTicks(stat(dir, "8 (C1 CompilerThre)", 5, 1))).isEqualTo(6);
    assertThat(CompilerThreads.compilerTicks(stat(dir, "9 (GC Thread#0)", 400, 2))).isZero();
    // A thread may name itself anything, spaces and parentheses too.
    assertThat(CompilerThreads.compilerTicks(stat(dir, "10 (odd (C2 CompilerThre))", 9, 9))).isZero();
    assertThat(CompilerThreads.compilerTicks(dir.resolve("gone"))).isZero();
  }

  @Test
  void readsThisJvmAndSaysWhenAProcessCannotBeRead() {
    assertThat(CompilerThreads.ticks(ProcessHandle.current().pid())).isGreaterThanOrEqualTo(0);
    assertThat(CompilerThreads.ticks(Long.MAX_VALUE)).isEqualTo(-1);
  }

  private static Path stat(Path dir, String pidAndName, long utime, long stime) throws IOException {
    Path file = Files.createTempFile(dir, "stat", "");
    Files.writeString(file, pidAndName + String.format(AFTER_NAME, utime, stime) + "\n");
    return file;
  }
}
