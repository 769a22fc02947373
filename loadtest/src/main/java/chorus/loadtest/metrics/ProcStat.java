package chorus.loadtest.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The fields the benchmarks read from a process's or thread's {@code /proc/.../stat}.
 *
 * @param name the command name (a thread's own name, cut to 15 characters by Linux)
 * @param parent the parent process id
 * @param ticks user + system CPU time in clock ticks
 */
record ProcStat(String name, long parent, long ticks) {
  /** The stat in {@code file}, or null when the process or thread has gone. */
  static ProcStat read(Path file) {
    String line;
    try {
      line = Files.readString(file);
    } catch (IOException e) {
      return null;
    }
    // The name (field 2) may hold spaces and parentheses: it ends at the last ')'.
    int close = line.lastIndexOf(')');
    String[] fields = line.substring(close + 2).split(" ");
    return new ProcStat(line.substring(line.indexOf('(') + 1, close), Long.parseLong(fields[1]),
        Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
  }
}
