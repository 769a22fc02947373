package chorus.node.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.TestNode;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Retention throughput: 50,000 expired posts in 50 channels on one node with embedded
 * PostgreSQL, deleted by the data_retention job with Mattermost's BatchSize (3000), once with its
 * 100 ms between batches and once with none. Prints posts deleted per second of the job's run
 * (start_at to its end). Not part of the build:
 * {@code mvn -B -q -pl node -am test -Dtest=RetentionBenchmark -Dchorus.bench=true -Dbenchmarks= -Dgroups=benchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "chorus.bench", matches = "true")
class RetentionBenchmark {
  private static final int CHANNELS = 50;
  private static final int PER_CHANNEL = 1000;

  @Test
  void deletes50000Posts() throws Exception {
    for (String pause : new String[] {"100", "0"}) {
      try (TestNode node = TestNode.start(Map.of(
          "MM_JOBSETTINGS_RUNSCHEDULER", "false",
          "MM_JOBSETTINGS_POLLINTERVALMILLISECONDS", "100",
          "MM_DATARETENTIONSETTINGS_ENABLEMESSAGEDELETION", "true",
          "MM_DATARETENTIONSETTINGS_MESSAGERETENTIONHOURS", "24",
          "MM_DATARETENTIONSETTINGS_TIMEBETWEENBATCHESMILLISECONDS", pause))) {
        ApiClient admin = node.client();
        String userId = admin.signUp("bench").path("id").asText();
        try (Connection c = node.node().dataSources().primaryDataSource().getConnection(); Statement st = c.createStatement()) {
          st.execute("insert into channels (id, create_at, update_at, type, name) select lpad(g::text, 26, 'c'), 1, 1, 'O', 'bench' || g"
              + " from generate_series(1, " + CHANNELS + ") g");
          st.execute("insert into posts (id, create_at, update_at, user_id, channel_id, message)"
              + " select lpad(g::text, 26, 'p'), 1000 + g, 1000 + g, '" + userId + "', lpad((1 + g % " + CHANNELS + ")::text, 26, 'c'),"
              + " 'an old message number ' || g from generate_series(1, " + CHANNELS * PER_CHANNEL + ") g");
          st.execute("vacuum analyze posts");
        }
        String id = admin.post("/jobs", Map.of("type", "data_retention")).body().path("id").asText();
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100))
            .until(() -> admin.get("/jobs/" + id).body().path("status").asText().equals("success"));
        JsonNode job = admin.get("/jobs/" + id).body();
        long deleted = job.path("data").path("posts_deleted").asLong();
        long millis = job.path("last_activity_at").asLong() - job.path("start_at").asLong();
        assertThat(deleted).isEqualTo((long) CHANNELS * PER_CHANNEL);
        System.out.printf("RETENTION pause=%sms: %d posts in %d ms = %.0f posts/s%n", pause, deleted, millis,
            deleted * 1000.0 / millis);
      }
    }
  }
}
