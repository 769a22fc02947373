package chorus.loadtest.scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The durable-write baseline of scenario (c): PostgreSQL's own {@code pgbench} running a
 * single-row INSERT per transaction against the node's database, with the node's
 * {@code synchronous_commit} forced on the session, closed-loop at {@code clients}
 * connections. The table is the benchmark's own ({@value #TABLE}); Chorus's tables are not
 * touched.
 */
public final class PgBenchBaseline {
  static final String TABLE = "loadtest_pgbench_insert";
  private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+)");
  private static final Pattern LATENCY = Pattern.compile("latency average = ([0-9.]+) ms");
  private final Path pgbench;
  private final int port;
  private final Path workDir;

  public record Result(int clients, int seconds, String synchronousCommit, double tps, double latencyAverageMs, String version) {}

  public PgBenchBaseline(Path pgbench, int port, Path workDir) {
    this.pgbench = pgbench;
    this.port = port;
    this.workDir = workDir;
  }

  public Result run(int clients, int seconds, String synchronousCommit) throws IOException, InterruptedException {
    Path create = workDir.resolve("pgbench-create.sql");
    Files.writeString(create, "CREATE TABLE IF NOT EXISTS " + TABLE
        + " (id bigserial PRIMARY KEY, channel_id text NOT NULL, message text NOT NULL, create_at bigint NOT NULL);\n");
    Path insert = workDir.resolve("pgbench-insert.sql");
    Files.writeString(insert, "INSERT INTO " + TABLE
        + " (channel_id, message, create_at) VALUES ('c' || :client_id, 'a durable single-row insert', 1);\n");
    pgbench(List.of("-n", "-c", "1", "-t", "1", "-f", create.toString()), synchronousCommit, Duration.ofSeconds(60));
    String out = pgbench(List.of("-n", "-c", Integer.toString(clients), "-j", Integer.toString(Math.min(clients, 2)),
        "-T", Integer.toString(seconds), "-f", insert.toString()), synchronousCommit, Duration.ofSeconds(seconds + 60L));
    String version = pgbench(List.of("--version"), synchronousCommit, Duration.ofSeconds(10)).trim();
    return new Result(clients, seconds, synchronousCommit, number(TPS, out), number(LATENCY, out), version);
  }

  private String pgbench(List<String> args, String synchronousCommit, Duration timeout) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of(pgbench.toString()));
    if (!args.contains("--version")) {
      command.addAll(List.of("-h", "127.0.0.1", "-p", Integer.toString(port), "-U", "postgres"));
    }
    command.addAll(args);
    if (!args.contains("--version")) {
      command.add("postgres");
    }
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("PGOPTIONS", "-c synchronous_commit=" + synchronousCommit);
    Process process = builder.start();
    try {
      if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        throw new IllegalStateException("pgbench did not finish within " + timeout);
      }
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new IllegalStateException("pgbench failed (" + process.exitValue() + "): " + out);
      }
      return out;
    } finally {
      process.destroyForcibly();
    }
  }

  private static double number(Pattern pattern, String out) {
    Matcher m = pattern.matcher(out);
    if (!m.find()) {
      throw new IllegalStateException("unexpected pgbench output: " + out);
    }
    return Double.parseDouble(m.group(1));
  }
}
