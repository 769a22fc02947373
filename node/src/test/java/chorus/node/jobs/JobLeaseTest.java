package chorus.node.jobs;

import static chorus.node.jobs.DataRetentionTest.count;
import static chorus.node.jobs.DataRetentionTest.sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.TestNode;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Leases and fencing on a real node, with the "other worker" played by SQL on the same
 * database: a job left in progress by a worker that died is taken over after its lease and
 * resumed from its checkpoint; a worker whose job was taken over stops and writes nothing more.
 */
class JobLeaseTest {
  private static TestNode node;
  private static ApiClient admin;
  private static String userId;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of(
        "MM_JOBSETTINGS_RUNSCHEDULER", "false",
        "MM_JOBSETTINGS_POLLINTERVALMILLISECONDS", "100",
        "MM_JOBSETTINGS_LEASEMILLISECONDS", "1500",
        "MM_DATARETENTIONSETTINGS_ENABLEMESSAGEDELETION", "true",
        "MM_DATARETENTIONSETTINGS_MESSAGERETENTIONHOURS", "1",
        "MM_DATARETENTIONSETTINGS_BATCHSIZE", "1",
        "MM_DATARETENTIONSETTINGS_TIMEBETWEENBATCHESMILLISECONDS", "200"));
    admin = node.client();
    userId = admin.signUp("admin").path("id").asText();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  /** {@code posts} posts created at {@code base}, {@code base + 1}, ...: each test's cut-offs touch only its own. */
  private static String channelWithOldPosts(int posts, String prefix, long base) throws Exception {
    String teamId = admin.createTeam(prefix).path("id").asText();
    String channelId = admin.createChannel(teamId, prefix).path("id").asText();
    for (int i = 0; i < posts; i++) {
      sql(node, "insert into posts (id, create_at, update_at, user_id, channel_id) values (?, ?, ?, ?, ?)",
          ApiClient.unique(prefix).substring(0, 12) + String.format("%014d", i), base + i, base + i, userId, channelId);
    }
    return channelId;
  }

  @Test
  void aJobWhoseWorkerDiedIsTakenOverAfterItsLeaseAndResumesFromItsCheckpoint() throws Exception {
    String channelId = channelWithOldPosts(3, "dead", 1000);
    String id = admin.post("/jobs", Map.of("type", "data_retention")).body().path("id").asText();
    // A worker on a node that then died claimed it first and checkpointed a cut-off and a count.
    sql(node, "update jobs set status = 'in_progress', fence = fence + 5, worker_node = 'ghost', start_at = 1,"
        + " lease_expires_at = (extract(epoch from clock_timestamp()) * 1000)::bigint + 1000,"
        + " data = '{\"message_cutoff\": \"1002\", \"posts_deleted\": \"40\", \"files_deleted\": \"0\"}' where id = ?", id);
    // A live worker may have claimed the job before the ghost took it (one more fence step), and
    // deleted a post then: the ghost's checkpoint replaced its count, so only what is left counts.
    long ghostFence = count(node, "select fence from jobs where id = '" + id + "'");
    long leftBeforeCutoff = count(node, "select count(*) from posts where channel_id = '" + channelId + "' and create_at < 1002");

    await().atMost(Duration.ofSeconds(15)).until(() -> admin.get("/jobs/" + id).body().path("status").asText().equals("success"));

    JsonNode job = admin.get("/jobs/" + id).body();
    assertThat(job.path("data").path("posts_deleted").asLong()).as("counted on from the checkpoint").isEqualTo(40 + leftBeforeCutoff);
    assertThat(count(node, "select count(*) from posts where channel_id = '" + channelId + "'"))
        .as("the checkpoint's cut-off, not a new one").isEqualTo(1);
    assertThat(count(node, "select fence from jobs where id = '" + id + "'")).as("one takeover after the ghost").isEqualTo(ghostFence + 1);
    assertThat(count(node, "select count(*) from jobs where id = '" + id + "' and worker_node <> 'ghost'")).isEqualTo(1);
  }

  @Test
  void aWorkerWhoseJobWasTakenOverStopsWriting() throws Exception {
    String channelId = channelWithOldPosts(200, "fenced", 10_000_000);
    String id = admin.post("/jobs", Map.of("type", "data_retention")).body().path("id").asText();
    await().atMost(Duration.ofSeconds(10)).until(() -> admin.get("/jobs/" + id).body().path("data").path("posts_deleted").asLong() > 0);

    // Another worker takes the job over (as after a lease this worker missed).
    sql(node, "update jobs set fence = fence + 1, worker_node = 'other', data = '{\"taken\": \"over\"}',"
        + " lease_expires_at = (extract(epoch from clock_timestamp()) * 1000)::bigint + 600000 where id = ?", id);
    long postsThen = count(node, "select count(*) from posts where channel_id = '" + channelId + "'");

    // Within a heartbeat (0.5 s) the worker notices; it may finish the batch it was in, no more.
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> {
      JsonNode job = admin.get("/jobs/" + id).body();
      return job.path("status").asText().equals("in_progress") && job.path("data").path("taken").asText().equals("over");
    });
    assertThat(count(node, "select count(*) from posts where channel_id = '" + channelId + "'")).isGreaterThanOrEqualTo(postsThen - 1);
  }
}
