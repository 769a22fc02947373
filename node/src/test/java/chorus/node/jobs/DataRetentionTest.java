package chorus.node.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.MultipartBody;
import chorus.node.testkit.S3Server;
import chorus.node.testkit.TestNode;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The data_retention job on a real node: expired posts and their files go (rows and stored
 * objects, local or S3), channel history and search no longer show them, newer posts and replies
 * stay; a second run finds nothing; a running job is canceled within 5 s.
 */
class DataRetentionTest {
  private static final long DAY = Duration.ofDays(1).toMillis();

  private static Map<String, String> retention(Map<String, String> more) {
    Map<String, String> env = new HashMap<>(Map.of(
        "MM_JOBSETTINGS_RUNSCHEDULER", "false",
        "MM_JOBSETTINGS_POLLINTERVALMILLISECONDS", "100",
        "MM_JOBSETTINGS_LEASEMILLISECONDS", "3000",
        "MM_DATARETENTIONSETTINGS_ENABLEMESSAGEDELETION", "true",
        "MM_DATARETENTIONSETTINGS_MESSAGERETENTIONHOURS", "24",
        "MM_DATARETENTIONSETTINGS_ENABLEFILEDELETION", "true",
        "MM_DATARETENTIONSETTINGS_FILERETENTIONDAYS", "30",
        "MM_DATARETENTIONSETTINGS_BATCHSIZE", "2",
        "MM_DATARETENTIONSETTINGS_TIMEBETWEENBATCHESMILLISECONDS", "10"));
    env.putAll(more);
    return env;
  }

  @Test
  void deletesExpiredPostsAndFilesFromTheLocalStore() throws Exception {
    try (TestNode node = TestNode.start(retention(Map.of()))) {
      scenario(node, key -> Files.exists(node.dataDir().resolve("files").resolve(key)));
    }
  }

  @Test
  void deletesExpiredFilesFromS3() throws Exception {
    try (S3Server s3 = S3Server.start("retention"); TestNode node = TestNode.start(retention(s3.nodeSettings("retention")))) {
      scenario(node, key -> {
        try {
          return s3.keys("retention", "").contains(key);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
    }
  }

  private void scenario(TestNode node, Predicate<String> stored) throws Exception {
    ApiClient admin = node.client();
    admin.signUp("admin");
    String teamId = admin.createTeam("ret").path("id").asText();
    String channelId = admin.createChannel(teamId, "ret").path("id").asText();
    String word = "w" + ApiClient.unique("").toLowerCase().replaceAll("[^a-z]", "x");
    JsonNode file = upload(admin, channelId, "old.txt");
    JsonNode oldRoot = created(admin.post("/posts", Map.of("channel_id", channelId, "message", "old " + word,
        "file_ids", List.of(file.path("id").asText()))));
    JsonNode newReply = created(admin.post("/posts", Map.of("channel_id", channelId, "message", "reply " + word,
        "root_id", oldRoot.path("id").asText())));
    JsonNode oldPosts[] = {oldRoot, admin.createPost(channelId, "old2 " + word), admin.createPost(channelId, "old3 " + word)};
    JsonNode kept = admin.createPost(channelId, "new " + word);
    JsonNode lonelyFile = upload(admin, channelId, "lonely.txt"); // never attached, 40 days old: file retention
    JsonNode youngFile = upload(admin, channelId, "young.txt");   // never attached, 10 days old: stays
    String oldKey = filePath(node, file.path("id").asText());
    String lonelyKey = filePath(node, lonelyFile.path("id").asText());
    for (JsonNode post : oldPosts) {
      sql(node, "update posts set create_at = create_at - ? where id = ?", 2 * DAY, post.path("id").asText());
    }
    sql(node, "update file_info set create_at = create_at - ? where id = ?", 2 * DAY, file.path("id").asText());
    sql(node, "update file_info set create_at = create_at - ? where id = ?", 40 * DAY, lonelyFile.path("id").asText());
    sql(node, "update file_info set create_at = create_at - ? where id = ?", 10 * DAY, youngFile.path("id").asText());
    assertThat(stored.test(oldKey)).isTrue();

    JsonNode job = runToEnd(admin, "success");

    assertThat(job.path("data").path("posts_deleted").asLong()).isEqualTo(3);
    assertThat(job.path("data").path("files_deleted").asLong()).isEqualTo(2);
    assertThat(job.path("progress").asLong()).isEqualTo(100);
    JsonNode page = admin.get("/channels/" + channelId + "/posts").body();
    assertThat(page.path("order")).extracting(JsonNode::asText)
        .contains(kept.path("id").asText(), newReply.path("id").asText())
        .doesNotContain(oldPosts[0].path("id").asText(), oldPosts[1].path("id").asText(), oldPosts[2].path("id").asText());
    assertThat(admin.get("/posts/" + oldRoot.path("id").asText()).status()).isEqualTo(404);
    JsonNode found = admin.post("/teams/" + teamId + "/posts/search", Map.of("terms", word)).body();
    assertThat(found.path("order")).extracting(JsonNode::asText)
        .containsExactlyInAnyOrder(kept.path("id").asText(), newReply.path("id").asText());
    assertThat(admin.get("/files/" + file.path("id").asText() + "/info").status()).isEqualTo(404);
    assertThat(admin.get("/files/" + youngFile.path("id").asText() + "/info").status()).isEqualTo(200);
    assertThat(stored.test(oldKey)).isFalse();
    assertThat(stored.test(lonelyKey)).isFalse();
    assertThat(stored.test(filePath(node, youngFile.path("id").asText()))).isTrue();

    JsonNode again = runToEnd(admin, "success");
    assertThat(again.path("data").path("posts_deleted").asLong()).isZero();
    assertThat(again.path("data").path("files_deleted").asLong()).isZero();
  }

  /** A cancel reaches a running job through its heartbeat and ends it within 5 s, part done. */
  @Test
  void aRunningJobIsCanceledWithinFiveSeconds() throws Exception {
    try (TestNode node = TestNode.start(retention(Map.of(
        "MM_DATARETENTIONSETTINGS_BATCHSIZE", "1",
        "MM_DATARETENTIONSETTINGS_TIMEBETWEENBATCHESMILLISECONDS", "300")))) {
      ApiClient admin = node.client();
      JsonNode me = admin.signUp("admin");
      String teamId = admin.createTeam("cancel").path("id").asText();
      String channelId = admin.createChannel(teamId, "cancel").path("id").asText();
      for (int i = 0; i < 100; i++) {
        sql(node, "insert into posts (id, create_at, update_at, user_id, channel_id, message) values (?, ?, ?, ?, ?, 'old')",
            String.format("%026d", i).replace('0', 'p'), 1000L + i, 1000L + i, me.path("id").asText(), channelId);
      }
      String id = created(admin.post("/jobs", Map.of("type", "data_retention"))).path("id").asText();
      await().atMost(Duration.ofSeconds(10)).until(() -> admin.get("/jobs/" + id).body().path("data").path("posts_deleted")
          .asLong() > 0);

      long asked = System.nanoTime();
      assertThat(admin.post("/jobs/" + id + "/cancel", Map.of()).status()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
          .until(() -> admin.get("/jobs/" + id).body().path("status").asText().equals("canceled"));
      System.out.printf("cancel took %d ms%n", (System.nanoTime() - asked) / 1_000_000);
      long deleted = count(node, "select count(*) from posts where channel_id = '" + channelId + "'");
      assertThat(deleted).isBetween(1L, 99L);
    }
  }

  static JsonNode runToEnd(ApiClient admin, String status) {
    String id = created(admin.post("/jobs", Map.of("type", "data_retention"))).path("id").asText();
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      String now = admin.get("/jobs/" + id).body().path("status").asText();
      return !now.equals("pending") && !now.equals("in_progress");
    });
    JsonNode job = admin.get("/jobs/" + id).body();
    assertThat(job.path("status").asText()).as(job.toString()).isEqualTo(status);
    return job;
  }

  private static JsonNode created(ApiClient.Response response) {
    assertThat(response.status()).as(response.rawBody()).isEqualTo(201);
    return response.body();
  }

  private static JsonNode upload(ApiClient client, String channelId, String name) {
    MultipartBody body = new MultipartBody().field("channel_id", channelId).field("client_ids", "c-" + name)
        .file("files", name, ("bytes of " + name).getBytes(StandardCharsets.UTF_8));
    return created(client.sendBody("POST", "/files", body.bytes(), body.contentType())).path("file_infos").get(0);
  }

  private static String filePath(TestNode node, String fileId) throws Exception {
    try (Connection c = node.node().dataSources().primaryDataSource().getConnection();
        PreparedStatement st = c.prepareStatement("select path from file_info where id = ?")) {
      st.setString(1, fileId);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  static void sql(TestNode node, String sql, Object... binds) throws Exception {
    try (Connection c = node.node().dataSources().primaryDataSource().getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < binds.length; i++) {
        st.setObject(i + 1, binds[i]);
      }
      st.executeUpdate();
    }
  }

  static long count(TestNode node, String sql) throws Exception {
    try (Connection c = node.node().dataSources().primaryDataSource().getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
