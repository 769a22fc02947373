package chorus.management.export;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.management.jobs.JobOutcome;
import chorus.management.testkit.RecordingJobContext;
import chorus.persistence.TestDatabase;
import chorus.persistence.export.ExportRepository;
import chorus.persistence.export.ExportStore;
import chorus.persistence.files.LocalFileStore;
import chorus.protocol.api.Job;
import chorus.protocol.config.MessageExportSettings;
import chorus.protocol.ids.Ids;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * Export throughput against a baseline in the same run: PostgreSQL's own {@code COPY (the
 * export's SELECT) TO STDOUT} of the same rows, which is the floor for reading them. Run with
 * {@code -Dbenchmarks= -Dgroups=benchmark -Dtest=MessageExportThroughputTest}; prints
 * posts/s for both and the load average.
 */
@Tag("benchmark")
class MessageExportThroughputTest {
  private static final int POSTS = Integer.getInteger("chorus.export.posts", 20_000);
  private static final int ROUNDS = 3;
  private static final long BASE = 1_700_000_000_000L;

  @RegisterExtension
  static final TestDatabase db = new TestDatabase();

  @Test
  void exportAgainstCopyOfTheSameRows() throws Exception {
    seed();
    ActorTestKit testKit = ActorTestKit.create("ExportBench");
    Path storeRoot = Files.createTempDirectory(Path.of("target"), "export-bench-");
    try {
      LocalFileStore store = new LocalFileStore(storeRoot, testKit.system());
      String sql = ExportRepository.windowQuery(BASE, BASE + POSTS * 10L + 1);
      List<Long> copyNanos = new ArrayList<>();
      List<Long> csvNanos = new ArrayList<>();
      List<Long> actianceNanos = new ArrayList<>();
      for (int round = 0; round <= ROUNDS; round++) { // round 0 warms up
        long start = System.nanoTime();
        long copied;
        try (Connection connection = db.dataSource().getConnection()) {
          copied = new CopyManager(connection.unwrap(BaseConnection.class))
              .copyOut("COPY (" + sql + ") TO STDOUT (FORMAT csv)", OutputStream.nullOutputStream());
        }
        long copyTime = System.nanoTime() - start;
        long csvTime = export(store, storeRoot, testKit, "csv");
        long actianceTime = export(store, storeRoot, testKit, "actiance");
        assertThat(copied).isEqualTo(POSTS);
        if (round > 0) {
          copyNanos.add(copyTime);
          csvNanos.add(csvTime);
          actianceNanos.add(actianceTime);
        }
      }
      String load = Files.readString(Path.of("/proc/loadavg")).trim();
      String report = String.format("export throughput, %d posts, median of %d rounds (load average %s):%n"
              + "  COPY (same SELECT) TO STDOUT: %,.0f posts/s (%.0f ms)%n"
              + "  message_export csv:           %,.0f posts/s (%.0f ms)%n"
              + "  message_export actiance:      %,.0f posts/s (%.0f ms)%n",
          POSTS, ROUNDS, load, rate(copyNanos), median(copyNanos) / 1e6, rate(csvNanos), median(csvNanos) / 1e6,
          rate(actianceNanos), median(actianceNanos) / 1e6);
      System.out.print(report);
      Files.writeString(Path.of("target", "export-throughput.txt"), report);
    } finally {
      testKit.shutdownTestKit();
      TestDatabase.deleteRecursively(storeRoot);
    }
  }

  private long export(LocalFileStore store, Path storeRoot, ActorTestKit testKit, String format) throws Exception {
    MessageExportSettings settings = new MessageExportSettings(true, format, "01:00", BASE, 10_000);
    MessageExportRunner runner = new MessageExportRunner(new ExportStore(db.dataSource(), new ExportRepository()), store,
        testKit.system(), () -> settings,
        Clock.fixed(Instant.ofEpochMilli(BASE + POSTS * 10L + 1), ZoneOffset.UTC), Duration.ZERO, Duration.ofMinutes(1),
        storeRoot.resolve("tmp"));
    long start = System.nanoTime();
    JobOutcome outcome = runner.run(RecordingJobContext.of(Ids.unique(), Job.MESSAGE_EXPORT, Map.of()));
    long took = System.nanoTime() - start;
    assertThat(outcome.data()).containsEntry("posts_exported", Integer.toString(POSTS));
    return took;
  }

  private double median(List<Long> nanos) {
    List<Long> sorted = nanos.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  private double rate(List<Long> nanos) {
    return POSTS / (median(nanos) / 1e9);
  }

  /** 20 channels in 2 teams, 50 users, POSTS posts of about 100 characters, every tenth a reply. */
  private static void seed() {
    var dsl = db.dsl();
    dsl.execute("INSERT INTO teams (id, create_at, update_at, display_name, name, type, invite_id)"
        + " SELECT substr(md5('t' || i), 1, 26), 1, 1, 'Team ' || i, 'team-' || i, 'O', md5('i' || i) FROM generate_series(1, 2) i");
    dsl.execute("INSERT INTO channels (id, create_at, update_at, team_id, type, display_name, name)"
        + " SELECT substr(md5('c' || i), 1, 26), 1, 1, substr(md5('t' || (1 + i % 2)), 1, 26), 'O', 'Channel ' || i, 'channel-' || i"
        + " FROM generate_series(1, 20) i");
    dsl.execute("INSERT INTO users (id, create_at, update_at, username, email)"
        + " SELECT substr(md5('u' || i), 1, 26), 1, 1, 'user' || i, 'user' || i || '@example.com' FROM generate_series(1, 50) i");
    dsl.execute("INSERT INTO posts (id, create_at, update_at, user_id, channel_id, root_id, message)"
        + " SELECT substr(md5('p' || i), 1, 26), " + BASE + " + i * 10, " + BASE + " + i * 10,"
        + " substr(md5('u' || (1 + i % 50)), 1, 26), substr(md5('c' || (1 + i % 20)), 1, 26),"
        + " CASE WHEN i % 10 = 0 THEN substr(md5('p' || (i - 1)), 1, 26) ELSE '' END,"
        + " 'message number ' || i || ', with a comma and some more words to make it about a hundred characters long ' || md5('m' || i)"
        + " FROM generate_series(1, " + POSTS + ") i");
    dsl.execute("ANALYZE posts");
  }
}
