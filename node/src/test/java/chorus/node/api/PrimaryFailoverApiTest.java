package chorus.node.api;

import static chorus.node.api.ApiAssertions.assertError;
import static chorus.node.api.ApiAssertions.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.ReplicatedNode;
import chorus.node.testkit.TestNode;
import chorus.persistence.db.EmbeddedStandby;
import chorus.persistence.db.LocalReplicaSet;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Failover of the primary: it stops, writes answer 503 (retryable) meanwhile, a replica is
 * promoted, DataSource is pointed at it and reloaded through the API, and every acknowledged
 * post is still there. Stops its primary, so it has servers of its own.
 */
class PrimaryFailoverApiTest {
  private static ReplicatedNode cluster;
  private static LocalReplicaSet servers;
  private static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    cluster = ReplicatedNode.start("chorus-failover-api-", 1, 100, Map.of());
    servers = cluster.servers();
    node = cluster.node();
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void promotingAReplicaAndReloadingLosesNoAcknowledgedPost() {
    ApiClient admin = node.client();
    admin.signUp("admin");
    String teamId = admin.createTeam("team").path("id").asText();
    String channelId = admin.createChannel(teamId, "chan").path("id").asText();
    List<String> acknowledged = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      acknowledged.add(admin.createPost(channelId, "before failover " + i).path("id").asText());
    }

    servers.primary().close();
    assertError(admin.post("/posts", Map.of("channel_id", channelId, "message", "during the outage")),
        503, "api.context.unavailable.app_error");
    JsonNode whileDown = assertJson(admin.get("/database/status"), 200);
    assertThat(whileDown.path("sources").findValuesAsText("name")).contains("primary");
    assertThat(whileDown.path("tables")).isEmpty();
    assertThat(whileDown.path("tables_error").asText()).isNotEmpty();

    EmbeddedStandby promoted = servers.replicas().get(0);
    promoted.promote();
    node.setEnvironment(Map.of("MM_SQLSETTINGS_DATASOURCE", promoted.dataSource(), "MM_SQLSETTINGS_DATASOURCEREPLICAS", ""));
    assertThat(assertJson(admin.post("/config/reload", Map.of()), 200).path("status").asText()).isEqualTo("OK");

    JsonNode posts = assertJson(admin.get("/channels/" + channelId + "/posts?per_page=200"), 200);
    assertThat(ApiClient.texts(posts.path("order"))).containsAll(acknowledged);
    String after = assertJson(admin.post("/posts", Map.of("channel_id", channelId, "message", "after failover")), 201)
        .path("id").asText();
    assertJson(admin.get("/posts/" + after), 200);
    JsonNode status = assertJson(admin.get("/database/status"), 200);
    assertThat(status.path("sources").findValuesAsText("url")).singleElement().asString().startsWith(promoted.jdbcUrl());
  }
}
