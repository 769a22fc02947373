package chorus.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.TestCluster;
import chorus.node.testkit.TestNode;
import chorus.node.testkit.WsClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three real nodes in one JVM, one shared PostgreSQL, clocks eight seconds apart: what one
 * node does, the others see at once.
 */
class ClusterApiTest {
  private static final Duration SKEW = Duration.ofSeconds(4);

  private static TestCluster cluster;
  private static ApiClient admin;

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.start(List.of(
        Clock.offset(Clock.systemUTC(), SKEW), Clock.offset(Clock.systemUTC(), SKEW.negated()), Clock.systemUTC()));
    admin = cluster.node(0).client();
    admin.signUp("admin");
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static TestNode node(int i) {
    return cluster.node(i);
  }

  /** A user logged in through {@code node}, in {@code team}. */
  private static ApiClient member(int node, String teamId) {
    ApiClient user = node(node).client();
    String id = user.signUp("u").path("id").asText();
    assertThat(admin.post("/teams/" + teamId + "/members", Map.of("team_id", teamId, "user_id", id)).status()).isEqualTo(201);
    return user;
  }

  private static String idOf(ApiClient client) {
    return client.get("/users/me").body().path("id").asText();
  }

  @Test
  void clusterStatusListsEveryLiveNodeForSystemAdminsOnly() {
    for (int i = 0; i < cluster.size(); i++) {
      ApiClient.Response status = new ApiClient(node(i).baseUrl()).withToken(admin.token()).get("/cluster/status");
      assertThat(status.status()).isEqualTo(200);
      JsonNode infos = status.body();
      assertThat(infos).hasSize(3);
      Set<String> ids = new HashSet<>();
      infos.forEach(info -> {
        ids.add(info.path("id").asText());
        assertThat(info.path("hostname").asText()).isEqualTo("127.0.0.1");
        assertThat(info.path("ipaddress").asText()).isEqualTo("127.0.0.1");
        assertThat(info.path("schema_version").asText()).isNotEmpty();
        assertThat(info.path("version").asText()).startsWith("10.11.0.");
        assertThat(info.path("config_hash").asText()).isEqualTo(infos.get(0).path("config_hash").asText());
      });
      assertThat(ids).hasSize(3);
    }
    ApiClient user = node(1).client();
    user.signUp("plain");
    ApiClient.Response forbidden = user.get("/cluster/status");
    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(forbidden.errorId()).isEqualTo("api.context.permissions.app_error");
  }

  @Test
  void aSessionMadeOnOneNodeWorksOnEveryNodeAndLogoutEndsItEverywhere() {
    ApiClient user = node(0).client();
    String id = user.signUp("roamer").path("id").asText();
    for (int i = 0; i < cluster.size(); i++) {
      assertThat(new ApiClient(node(i).baseUrl()).withToken(user.token()).get("/users/me").body().path("id").asText())
          .isEqualTo(id);
    }

    assertThat(user.post("/users/logout", Map.of()).status()).isEqualTo(200);

    for (int i = 0; i < cluster.size(); i++) {
      assertThat(new ApiClient(node(i).baseUrl()).withToken(user.token()).get("/users/me").status()).isEqualTo(401);
    }
  }

  /** A request with {@code token} through every node. */
  private static List<Integer> statusesEverywhere(String token, String path) {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < cluster.size(); i++) {
      statuses.add(new ApiClient(node(i).baseUrl()).withToken(token).get(path).status());
    }
    return statuses;
  }

  @Test
  void aNewPasswordEndsTheUsersOtherSessionsOnEveryNodeButNotTheOneThatChangedIt() {
    ApiClient changer = node(0).client();
    String username = changer.signUp("pw").path("username").asText();
    ApiClient elsewhere = node(1).client();
    elsewhere.login(username, "Passw0rd!");
    try (WsClient otherSocket = WsClient.authenticated(node(2).webSocketUrl(), elsewhere.token());
         WsClient ownSocket = WsClient.authenticated(node(2).webSocketUrl(), changer.token())) {

      assertThat(changer.put("/users/me/password", Map.of("current_password", "Passw0rd!", "new_password", "N3wPassw0rd!")).status())
          .isEqualTo(200);

      otherSocket.awaitClosed(Duration.ofSeconds(10));
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
          assertThat(statusesEverywhere(elsewhere.token(), "/users/me")).containsOnly(401));
      assertThat(statusesEverywhere(changer.token(), "/users/me")).containsOnly(200);
      assertThat(ownSocket.closed()).isNotDone();
    }
  }

  @Test
  void aDeactivatedUserIsSignedOutOnEveryNodeAndCannotSignInUntilReactivated() {
    ApiClient user = node(1).client();
    JsonNode me = user.signUp("gone");
    String id = me.path("id").asText();
    try (WsClient socket = WsClient.authenticated(node(2).webSocketUrl(), user.token())) {

      assertThat(admin.put("/users/" + id + "/active", Map.of("active", false)).status()).isEqualTo(200);

      socket.awaitClosed(Duration.ofSeconds(10));
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
          assertThat(statusesEverywhere(user.token(), "/users/me")).containsOnly(401));
      ApiClient.Response refused = node(2).client().post("/users/login",
          Map.of("login_id", me.path("username").asText(), "password", "Passw0rd!"));
      assertThat(refused.status()).isEqualTo(401);
      assertThat(refused.errorId()).isEqualTo("api.user.login.inactive.app_error");
    }
    assertThat(admin.put("/users/" + id + "/active", Map.of("active", true)).status()).isEqualTo(200);
    assertThat(node(2).client().post("/users/login", Map.of("login_id", me.path("username").asText(), "password", "Passw0rd!")).status())
        .isEqualTo(200);
  }

  @Test
  void aRoleChangeAppliesToTheUsersSessionsOnEveryNodeAtOnce() {
    ApiClient user = node(1).client();
    String id = user.signUp("promoted").path("id").asText();
    assertThat(statusesEverywhere(user.token(), "/cluster/status")).containsOnly(403);
    try (WsClient socket = WsClient.authenticated(node(2).webSocketUrl(), user.token())) {

      assertThat(admin.put("/users/" + id + "/roles", Map.of("roles", "system_user system_admin")).status()).isEqualTo(200);

      socket.awaitClosed(Duration.ofSeconds(10));
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
          assertThat(statusesEverywhere(user.token(), "/cluster/status")).containsOnly(200));
    }
    assertThat(admin.put("/users/" + id + "/roles", Map.of("roles", "system_user")).status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(statusesEverywhere(user.token(), "/cluster/status")).containsOnly(403));
  }

  @Test
  void postsTypingAndStatusReachSocketsOnTheOtherNodes() {
    String teamId = admin.createTeam("fan").path("id").asText();
    ApiClient alice = member(0, teamId);
    ApiClient bob = member(1, teamId);
    String channelId = alice.createChannel(teamId, "fan").path("id").asText();
    assertThat(alice.post("/channels/" + channelId + "/members", Map.of("user_id", idOf(bob))).status()).isEqualTo(201);
    try (WsClient bobOnB = WsClient.authenticated(node(1).webSocketUrl(), bob.token());
         WsClient bobOnC = WsClient.authenticated(node(2).webSocketUrl(), bob.token());
         WsClient aliceOnA = WsClient.authenticated(node(0).webSocketUrl(), alice.token());
         WsClient aliceOnC = WsClient.authenticated(node(2).webSocketUrl(), alice.token())) {

      String postId = alice.createPost(channelId, "across the cluster").path("id").asText();
      for (WsClient socket : List.of(bobOnB, bobOnC)) {
        JsonNode posted = socket.await(f -> "posted".equals(f.path("event").asText())
            && f.path("data").path("post").asText().contains(postId));
        assertThat(posted.path("broadcast").path("channel_id").asText()).isEqualTo(channelId);
      }

      aliceOnA.send("user_typing", Map.of("channel_id", channelId, "parent_id", ""));
      JsonNode typing = bobOnC.await(f -> "typing".equals(f.path("event").asText()));
      assertThat(typing.path("data").path("user_id").asText()).isEqualTo(idOf(alice));

      assertThat(alice.put("/users/me/status", Map.of("user_id", idOf(alice), "status", "dnd")).status()).isEqualTo(200);
      JsonNode change = aliceOnC.await(f -> "status_change".equals(f.path("event").asText())
          && "dnd".equals(f.path("data").path("status").asText()));
      assertThat(change.path("data").path("user_id").asText()).isEqualTo(idOf(alice));
    }
  }

  @Test
  void aMemberRemovedThroughOneNodeStopsReceivingTheChannelOnAnotherAtOnce() {
    String teamId = admin.createTeam("leave").path("id").asText();
    ApiClient alice = member(0, teamId);
    ApiClient carol = member(2, teamId);
    String channelId = alice.createChannel(teamId, "leave").path("id").asText();
    String carolId = idOf(carol);
    assertThat(alice.post("/channels/" + channelId + "/members", Map.of("user_id", carolId)).status()).isEqualTo(201);
    try (WsClient carolOnC = WsClient.authenticated(node(2).webSocketUrl(), carol.token())) {
      String before = alice.createPost(channelId, "still here").path("id").asText();
      carolOnC.await(f -> "posted".equals(f.path("event").asText()) && f.path("data").path("post").asText().contains(before));

      ApiClient.Response removed = alice.delete("/channels/" + channelId + "/members/" + carolId);
      assertThat(removed.status()).isEqualTo(200);
      carolOnC.await(f -> "user_removed".equals(f.path("event").asText()));
      String after = alice.createPost(channelId, "gone now").path("id").asText();
      // Re-adding her goes through the channel's bucket after the post, so anything the
      // hub had for her about that post would arrive before this.
      assertThat(alice.post("/channels/" + channelId + "/members", Map.of("user_id", carolId)).status()).isEqualTo(201);
      carolOnC.await(f -> "user_added".equals(f.path("event").asText()) && f.path("broadcast").path("channel_id").asText().equals(channelId));

      assertThat(carolOnC.events("posted")).noneMatch(f -> f.path("data").path("post").asText().contains(after));
    }
  }

  @Test
  void aCreatePostRetriedOnAnotherNodeReturnsThePostAlreadyMade() {
    String teamId = admin.createTeam("retry").path("id").asText();
    ApiClient author = member(0, teamId);
    String channelId = author.createChannel(teamId, "retry").path("id").asText();
    Map<String, Object> body = Map.of("channel_id", channelId, "message", "answer lost", "pending_post_id", "cross-1");

    ApiClient.Response first = author.post("/posts", body);
    ApiClient.Response retried = new ApiClient(node(1).baseUrl()).withToken(author.token()).post("/posts", body);

    assertThat(first.status()).isEqualTo(201);
    assertThat(retried.status()).isEqualTo(201);
    assertThat(retried.body().path("id").asText()).isEqualTo(first.body().path("id").asText());
    assertThat(author.get("/channels/" + channelId + "/posts").body().path("order")).hasSize(1);
  }

  @Test
  void postsInOneChannelGetStrictlyIncreasingCreateAtAcrossSkewedClocks() {
    String teamId = admin.createTeam("order").path("id").asText();
    ApiClient ahead = member(0, teamId);
    String channelId = ahead.createChannel(teamId, "order").path("id").asText();
    ApiClient behind = new ApiClient(node(1).baseUrl()).withToken(ahead.token());
    List<Long> createAts = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ApiClient via = i % 2 == 0 ? ahead : behind;
      createAts.add(via.createPost(channelId, "tick " + i).path("create_at").asLong());
    }

    for (int i = 1; i < createAts.size(); i++) {
      assertThat(createAts.get(i)).as("post %d after post %d", i, i - 1).isGreaterThan(createAts.get(i - 1));
    }
  }

  @Test
  void aConfigChangeOnOneNodeMakesTheOthersRereadTheirOwnConfig() {
    long before1 = generation(1);
    long before2 = generation(2);
    // Node 2's environment changes, but nobody reloads node 2; node 0 changes and reloads.
    node(2).setEnvironment(Map.of("MM_SQLSETTINGS_MAXIDLECONNS", "3"));
    node(0).setEnvironment(Map.of("MM_SQLSETTINGS_MAXIDLECONNS", "3"));

    assertThat(admin.post("/config/reload", Map.of()).status()).isEqualTo(200);

    // Node 2 re-read its sources and swapped its pools; node 1 re-read, found nothing new.
    await().atMost(Duration.ofSeconds(30)).until(() -> generation(2) > before2);
    assertThat(generation(1)).isEqualTo(before1);
    // The config hash follows: node 1, alone on the old configuration, now stands out.
    assertThat(configHashes()).hasSize(2);

    node(1).setEnvironment(Map.of("MM_SQLSETTINGS_MAXIDLECONNS", "3"));
    node(1).node().reloadConfig();
    assertThat(configHashes()).hasSize(1);
  }

  private static Set<String> configHashes() {
    Set<String> hashes = new HashSet<>();
    admin.get("/cluster/status").body().forEach(info -> hashes.add(info.path("config_hash").asText()));
    return hashes;
  }

  private static long generation(int node) {
    return new ApiClient(node(node).baseUrl()).withToken(admin.token()).get("/database/status").body().path("generation").asLong();
  }
}
