package chorus.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.TestCluster;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /cluster/members} on two real nodes: the first runs no scheduler, so the job
 * scheduler singleton must be placed on the second while the role-less shard coordinator stays
 * on the first (the oldest).
 */
class ClusterMembersApiTest {
  private static TestCluster cluster;
  private static ApiClient admin;

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.start(List.of(Clock.systemUTC(), Clock.systemUTC()), List.of(
        Map.of("MM_JOBSETTINGS_RUNSCHEDULER", "false"), Map.of("MM_JOBSETTINGS_RUNSCHEDULER", "true")));
    admin = cluster.node(0).client();
    admin.signUp("admin");
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static JsonNode members(int node) {
    ApiClient.Response response = new ApiClient(cluster.node(node).baseUrl()).withToken(admin.token()).get("/cluster/members");
    assertThat(response.status()).isEqualTo(200);
    return response.body();
  }

  @Test
  void listsBothMembersUpAndReachableWithTheLeaderAndTheOldestMarked() {
    JsonNode first = members(0);
    JsonNode second = members(1);

    assertThat(first.path("clustering_enabled").asBoolean()).isTrue();
    assertThat(first.path("self").asText()).isNotEqualTo(second.path("self").asText());
    for (JsonNode view : List.of(first, second)) {
      JsonNode rows = view.path("members");
      assertThat(rows).hasSize(2);
      rows.forEach(m -> {
        assertThat(m.path("status").asText()).isEqualTo("up");
        assertThat(m.path("reachable").asBoolean()).isTrue();
        assertThat(m.path("data_center").asText()).isEqualTo("default");
      });
      assertThat(addresses(rows, "self")).containsExactly(view.path("self").asText());
      assertThat(addresses(rows, "leader")).containsExactly(view.path("leader").asText());
      // The first node started first: it is the oldest, and the only one without the scheduler role.
      assertThat(addresses(rows, "oldest")).containsExactly(first.path("self").asText());
      rows.forEach(m -> assertThat(m.path("roles").toString().contains("chorus-scheduler"))
          .isEqualTo(m.path("address").asText().equals(second.path("self").asText())));
    }
  }

  @Test
  void placesTheCoordinatorOnTheOldestAndTheSchedulerOnTheOldestWithItsRole() {
    JsonNode view = members(1);
    String first = members(0).path("self").asText();
    String second = view.path("self").asText();

    assertThat(singleton(view, "Presence shard coordinator").path("address").asText()).isEqualTo(first);
    JsonNode scheduler = singleton(view, "chorus-job-scheduler");
    assertThat(scheduler.path("role").asText()).isEqualTo("chorus-scheduler");
    assertThat(scheduler.path("address").asText()).isEqualTo(second);
  }

  @Test
  void showsWhereThePresenceEntitiesLive() {
    ApiClient user = cluster.node(1).client();
    String id = user.signUp("present").path("id").asText();
    assertThat(user.put("/users/me/status", Map.of("user_id", id, "status", "dnd")).status()).isEqualTo(200);

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      JsonNode presence = members(0).path("sharding").get(0);
      assertThat(presence.path("entity_type").asText()).isEqualTo("Presence");
      assertThat(presence.path("failed")).isEmpty();
      int entities = 0;
      for (JsonNode region : presence.path("regions")) {
        entities += region.path("entities").asInt();
        assertThat(region.path("shard_list")).hasSize(region.path("shards").asInt());
      }
      assertThat(entities).isGreaterThanOrEqualTo(1);
    });
  }

  @Test
  void isForSystemAdminsOnly() {
    ApiClient user = cluster.node(0).client();
    user.signUp("plain");
    ApiClient.Response forbidden = user.get("/cluster/members");
    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(forbidden.errorId()).isEqualTo("api.context.permissions.app_error");
    assertThat(cluster.node(0).client().get("/cluster/members").status()).isEqualTo(401);
  }

  private static List<String> addresses(JsonNode rows, String flag) {
    List<String> found = new ArrayList<>();
    rows.forEach(m -> {
      if (m.path(flag).asBoolean()) {
        found.add(m.path("address").asText());
      }
    });
    return found;
  }

  private static JsonNode singleton(JsonNode view, String name) {
    for (JsonNode s : view.path("singletons")) {
      if (s.path("name").asText().equals(name)) {
        return s;
      }
    }
    throw new AssertionError("no singleton " + name + " in " + view);
  }
}
