package chorus.node.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.TestCluster;
import chorus.node.testkit.WsClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two real clustered nodes: a personal access token made through one node signs in on both,
 * over REST and the WebSocket, and revoking or disabling it, deactivating its user, or turning
 * {@code EnableUserAccessTokens} off ends it on both nodes within a deadline (its sockets
 * closed too), although each node had cached it.
 */
class AccessTokenClusterTest {
  private static final Duration DEADLINE = Duration.ofSeconds(10);

  private static TestCluster cluster;
  private static ApiClient adminA;
  private static ApiClient adminB;

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.empty();
    for (int i = 0; i < 2; i++) {
      Path file = cluster.directory("config-" + i).resolve("config.json");
      Files.writeString(file, "{\"ClusterSettings\": {\"ReadOnlyConfig\": false}, \"ServiceSettings\": {\"EnableUserAccessTokens\": true}}");
      cluster.startNode(Clock.systemUTC(), Map.of(), Optional.of(file));
    }
    adminA = cluster.node(0).client();
    adminA.signUp("admin");
    adminB = new ApiClient(cluster.node(1).baseUrl()).withToken(adminA.token());
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** A token of a new user, made through node A and already cached on both nodes. */
  private record Issued(String userId, String id, String token, List<ApiClient> clients) {}

  private static Issued issue() {
    ApiClient user = cluster.node(0).client();
    String userId = user.signUp("scripted").path("id").asText();
    ApiClient.Response created = adminA.post("/users/" + userId + "/tokens", Map.of("description", "cluster"));
    assertThat(created.status()).isEqualTo(200);
    String token = created.body().path("token").asText();
    List<ApiClient> clients = List.of(cluster.node(0).client().withToken(token), cluster.node(1).client().withToken(token));
    for (ApiClient client : clients) {
      assertThat(client.get("/users/me").body().path("id").asText()).isEqualTo(userId);
    }
    return new Issued(userId, created.body().path("id").asText(), token, clients);
  }

  private static void awaitRefusedEverywhere(Issued issued) {
    await().atMost(DEADLINE).untilAsserted(() -> {
      for (ApiClient client : issued.clients()) {
        assertThat(client.get("/users/me").status()).isEqualTo(401);
      }
    });
  }

  @Test
  void revokingThroughOneNodeEndsTheTokenOnBothAndClosesItsSocket() {
    Issued issued = issue();
    try (WsClient socketOnB = WsClient.authenticated(cluster.node(1).webSocketUrl(), issued.token())) {
      long started = System.nanoTime();
      assertThat(adminA.post("/users/tokens/revoke", Map.of("token_id", issued.id())).status()).isEqualTo(200);
      awaitRefusedEverywhere(issued);
      socketOnB.awaitClosed(DEADLINE);
      System.out.printf("[token-revocation] refused on both nodes and the socket on the other node closed after %d ms%n",
          (System.nanoTime() - started) / 1_000_000);
    }
    try (WsClient again = WsClient.connect(cluster.node(1).webSocketUrl())) {
      again.send("authentication_challenge", Map.of("token", issued.token()));
      again.awaitClosed(DEADLINE);
      assertThat(again.frames()).noneMatch(f -> "hello".equals(f.path("event").asText()));
    }
  }

  @Test
  void disablingEndsItOnBothNodesAndEnablingBringsItBack() {
    Issued issued = issue();
    assertThat(adminB.post("/users/tokens/disable", Map.of("token_id", issued.id())).status()).isEqualTo(200);
    awaitRefusedEverywhere(issued);
    assertThat(adminB.post("/users/tokens/enable", Map.of("token_id", issued.id())).status()).isEqualTo(200);
    for (ApiClient client : issued.clients()) {
      assertThat(client.get("/users/me").status()).isEqualTo(200);
    }
  }

  @Test
  void deactivatingTheUserEndsTheirTokenOnBothNodes() {
    Issued issued = issue();
    assertThat(adminA.put("/users/" + issued.userId() + "/active", Map.of("active", false)).status()).isEqualTo(200);
    awaitRefusedEverywhere(issued);
  }

  @Test
  void turningTokensOffThroughOneNodeEndsThemOnBoth() {
    Issued issued = issue();
    try (WsClient socketOnB = WsClient.authenticated(cluster.node(1).webSocketUrl(), issued.token())) {
      awaitTopicsConnected();
      assertThat(adminA.put("/config/patch", Map.of("ServiceSettings", Map.of("EnableUserAccessTokens", false))).status())
          .isEqualTo(200);
      awaitRefusedEverywhere(issued);
      socketOnB.awaitClosed(DEADLINE);
    } finally {
      assertThat(adminA.put("/config/patch", Map.of("ServiceSettings", Map.of("EnableUserAccessTokens", true))).status())
          .isEqualTo(200);
    }
    await().atMost(DEADLINE).untilAsserted(() -> {
      for (ApiClient client : issued.clients()) {
        assertThat(client.get("/users/me").status()).isEqualTo(200);
      }
    });
  }

  /**
   * Saves a setting through node A until node B has it: a topic learns of a new node's
   * subscriber through gossip, so the very first save after start may reach B before that.
   */
  private static void awaitTopicsConnected() {
    int[] attempt = {0};
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      String name = "Warm-up " + ++attempt[0];
      assertThat(adminA.put("/config/patch", Map.of("TeamSettings", Map.of("SiteName", name))).status()).isEqualTo(200);
      try {
        await().atMost(Duration.ofSeconds(3)).until(() -> name.equals(adminB.get("/config").body().at("/TeamSettings/SiteName").asText()));
        return true;
      } catch (ConditionTimeoutException notYet) {
        return false;
      }
    });
  }
}
