package chorus.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.TestCluster;
import chorus.node.testkit.WsClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two real nodes on one PostgreSQL: a change a user makes through one node (leaving a team,
 * archiving a channel, reacting, changing their profile) holds on the other at once, for its
 * REST calls and its WebSockets alike.
 */
class ClusterSelfServiceTest {
  private static TestCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.start(List.of(Clock.systemUTC(), Clock.systemUTC()));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** An owner signed in on node 0 with a team and a channel, and a member signed in on node 1 in both. */
  private record Pair(ApiClient owner, ApiClient member, String memberId, String teamId, String channelId) {}

  private static Pair pair() {
    ApiClient owner = cluster.node(0).client();
    owner.signUp("owner");
    ApiClient member = cluster.node(1).client();
    String memberId = member.signUp("member").path("id").asText();
    String teamId = owner.createTeam("cluster").path("id").asText();
    assertThat(owner.post("/teams/" + teamId + "/members", Map.of("team_id", teamId, "user_id", memberId)).status()).isEqualTo(201);
    String channelId = owner.createChannel(teamId, "room").path("id").asText();
    assertThat(owner.post("/channels/" + channelId + "/members", Map.of("user_id", memberId)).status()).isEqualTo(201);
    return new Pair(owner, member, memberId, teamId, channelId);
  }

  @Test
  void aTeamLeftThroughOneNodeIsClosedToTheUsersSessionsOnTheOther() {
    Pair p = pair();
    try (WsClient memberSocket = WsClient.authenticated(cluster.node(1).webSocketUrl(), p.member().token());
        WsClient ownerSocket = WsClient.authenticated(cluster.node(0).webSocketUrl(), p.owner().token())) {
      ApiClient memberViaNode0 = cluster.node(0).client().withToken(p.member().token());
      assertThat(memberViaNode0.delete("/teams/" + p.teamId() + "/members/me").status()).isEqualTo(200);

      assertThat(memberSocket.awaitEvent("leave_team").path("data").path("team_id").asText()).isEqualTo(p.teamId());
      p.owner().createPost(p.channelId(), "only for those who stayed");
      ownerSocket.awaitEvent("posted");
      assertThat(p.member().get("/channels/" + p.channelId() + "/posts").status()).isEqualTo(403);
      assertThat(memberSocket.events("posted")).isEmpty();
    }
  }

  @Test
  void archivesReactionsAndProfilesReachTheOtherNode() throws Exception {
    Pair p = pair();
    String postId = p.owner().createPost(p.channelId(), "react here").path("id").asText();
    try (WsClient memberSocket = WsClient.authenticated(cluster.node(1).webSocketUrl(), p.member().token());
        WsClient ownerSocket = WsClient.authenticated(cluster.node(0).webSocketUrl(), p.owner().token())) {
      assertThat(p.member().post("/reactions", Map.of("user_id", p.memberId(), "post_id", postId, "emoji_name", "tada")).status())
          .isEqualTo(200);
      JsonNode added = ownerSocket.awaitEvent("reaction_added");
      assertThat(added.path("data").path("reaction").asText()).contains("\"emoji_name\":\"tada\"");

      assertThat(p.member().put("/users/me/patch", Map.of("nickname", "Across")).status()).isEqualTo(200);
      ownerSocket.await(f -> "user_updated".equals(f.path("event").asText())
          && p.memberId().equals(f.path("data").path("user").path("id").asText())
          && "Across".equals(f.path("data").path("user").path("nickname").asText()));

      assertThat(p.owner().delete("/channels/" + p.channelId()).status()).isEqualTo(200);
      assertThat(memberSocket.awaitEvent("channel_deleted").path("data").path("channel_id").asText()).isEqualTo(p.channelId());
      ApiClient.Response refused = p.member().post("/posts", Map.of("channel_id", p.channelId(), "message", "too late"));
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.errorId()).isEqualTo("api.post.create_post.can_not_post_to_deleted.error");
      assertThat(p.member().get("/posts/" + postId).status()).as("an archived channel stays readable").isEqualTo(200);
    }
  }
}
