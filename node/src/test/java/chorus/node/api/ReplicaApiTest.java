package chorus.node.api;

import static chorus.node.api.ApiAssertions.assertError;
import static chorus.node.api.ApiAssertions.assertJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.ReplicatedNode;
import chorus.node.testkit.TestNode;
import chorus.persistence.db.EmbeddedStandby;
import chorus.persistence.db.LocalReplicaSet;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node on a real primary with two streaming read replicas: read-your-writes through the API
 * while the replicas lag, and the admin endpoints for config reload, recycle and status.
 */
class ReplicaApiTest {
  private static ReplicatedNode cluster;
  private static LocalReplicaSet servers;
  private static TestNode node;
  private static ApiClient admin;

  @BeforeAll
  static void start() throws Exception {
    // Lagging replicas stay in rotation here, so only read-your-writes keeps a writer's reads right.
    cluster = ReplicatedNode.start("chorus-replica-api-", 2, 100, Map.of("MM_SQLSETTINGS_REPLICALAGLIMITMILLISECONDS", "60000"));
    servers = cluster.servers();
    node = cluster.node();
    admin = node.client();
    admin.signUp("admin");
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aWriterReadsItsOwnPostWhileTheReplicasHoldItBackFromOthers() throws Exception {
    ApiClient owner = node.client();
    ApiClient reader = node.client();
    owner.signUp("owner");
    String readerId = reader.signUp("reader").path("id").asText();
    String teamId = owner.createTeam("team").path("id").asText();
    String channelId = owner.createChannel(teamId, "chan").path("id").asText();
    assertJson(owner.post("/teams/" + teamId + "/members", Map.of("team_id", teamId, "user_id", readerId)), 201);
    assertJson(owner.post("/channels/" + channelId + "/members", Map.of("user_id", readerId)), 201);

    List<EmbeddedStandby> replicas = servers.replicas();
    replicas.forEach(r -> r.delayReplay(Duration.ofSeconds(30)));
    try {
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
        touchPrimary();
        return replicas.stream().allMatch(r -> r.isReplayHeldBack(Duration.ofMillis(500)));
      });

      String postId = owner.createPost(channelId, "fresh").path("id").asText();

      JsonNode ownView = assertJson(owner.get("/channels/" + channelId + "/posts"), 200);
      assertThat(ApiClient.texts(ownView.path("order"))).contains(postId);
      assertJson(owner.get("/posts/" + postId), 200);
      JsonNode otherView = assertJson(reader.get("/channels/" + channelId + "/posts"), 200);
      assertThat(ApiClient.texts(otherView.path("order"))).as("a reader who wrote nothing reads a (held back) replica")
          .doesNotContain(postId);
      // A single post a replica does not have yet is looked up on the primary rather than reported missing.
      assertJson(reader.get("/posts/" + postId), 200);
    } finally {
      replicas.forEach(r -> r.delayReplay(Duration.ZERO));
    }
  }

  @Test
  void statusAndRecycleAreForSystemAdmins() {
    ApiClient user = node.client();
    user.signUp("plain");
    assertError(user.get("/database/status"), 403, "api.context.permissions.app_error");
    assertError(user.post("/database/recycle", Map.of()), 403, "api.context.permissions.app_error");
    assertError(user.post("/config/reload", Map.of()), 403, "api.context.permissions.app_error");

    JsonNode status = assertJson(admin.get("/database/status"), 200);
    assertThat(status.path("sources").findValuesAsText("name")).containsExactly("primary", "replica-0", "replica-1");
    assertThat(status.path("sources").get(0).path("queries").asLong()).isPositive();
    assertThat(status.path("sources").get(0).has("lag_millis")).isTrue();
    assertThat(status.path("tables").findValuesAsText("table")).contains("posts", "users", "channels");
    assertThat(status.path("tables").get(0).fieldNames()).toIterable().contains("live_tuples", "dead_tuples", "dead_ratio",
        "last_autovacuum", "last_autoanalyze", "needs_vacuum");
    assertThat(status.path("tables_error").asText()).isEmpty();
    long generation = status.path("generation").asLong();

    assertThat(assertJson(admin.post("/database/recycle", Map.of()), 200).path("status").asText()).isEqualTo("OK");
    assertThat(assertJson(admin.get("/database/status"), 200).path("generation").asLong()).isEqualTo(generation + 1);
    assertJson(admin.get("/users/me"), 200);
  }

  @Test
  void anInvalidReloadIsRefusedAndChangesNothing() {
    assertThat(assertJson(admin.post("/config/reload", Map.of()), 200).path("status").asText()).isEqualTo("OK");
    node.setEnvironment(Map.of("MM_SQLSETTINGS_MAXOPENCONNS", "0"));
    try {
      JsonNode error = assertError(admin.post("/config/reload", Map.of()), 400, "api.config.reload_config.app_error");
      assertThat(error.path("message").asText()).contains("SqlSettings.MaxOpenConns");
    } finally {
      node.setEnvironment(Map.of("MM_SQLSETTINGS_MAXOPENCONNS", "20"));
    }
    assertJson(admin.get("/users/me"), 200);
  }



  /** A commit on the primary, so a standby whose replay is delayed has something to hold back. */
  private static void touchPrimary() throws Exception {
    try (Connection connection = DriverManager.getConnection(servers.primary().jdbcUrl(), "postgres", "");
        Statement statement = connection.createStatement()) {
      statement.execute("INSERT INTO systems (name, value) VALUES ('touch-" + UUID.randomUUID() + "', 'x')");
    }
  }
}
