package chorus.node.api;

import static chorus.node.api.ApiAssertions.assertError;
import static chorus.node.api.ApiAssertions.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.NodeFixture;
import chorus.node.testkit.WsClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code DELETE /teams/{id}/members/{user_id}}: leaving a team, and a team admin removing a member. */
class TeamLeaveApiTest {
  @RegisterExtension
  static final NodeFixture node = NodeFixture.withAdmin();

  private static String joinOpenTeam(ApiClient owner, ApiClient joiner, String joinerId) {
    String teamId = owner.createTeam("leave").path("id").asText();
    assertJson(owner.put("/teams/" + teamId + "/patch", Map.of("allow_open_invite", true)), 200);
    assertJson(joiner.post("/teams/" + teamId + "/members", Map.of("team_id", teamId, "user_id", joinerId)), 201);
    return teamId;
  }

  @Test
  void aUserWhoLeavesLosesTheTeamsChannelsAndTheirEvents() {
    ApiClient owner = node.client();
    owner.signUp("owner");
    ApiClient leaver = node.client();
    String leaverId = leaver.signUp("leaver").path("id").asText();
    String teamId = joinOpenTeam(owner, leaver, leaverId);
    String channelId = owner.createChannel(teamId, "room").path("id").asText();
    assertJson(leaver.post("/channels/" + channelId + "/members", Map.of("user_id", leaverId)), 201);
    String privateId = assertJson(owner.post("/channels", Map.of("team_id", teamId, "name", ApiClient.unique("secret"),
        "display_name", "Secret", "type", "P")), 201).path("id").asText();
    assertJson(owner.post("/channels/" + privateId + "/members", Map.of("user_id", leaverId)), 201);

    try (WsClient ownerSocket = WsClient.authenticated(node.webSocketUrl(), owner.token());
        WsClient leaverSocket = WsClient.authenticated(node.webSocketUrl(), leaver.token())) {
      assertJson(leaver.delete("/teams/" + teamId + "/members/me"), 200);

      JsonNode toLeaver = leaverSocket.awaitEvent("leave_team");
      JsonNode toOwner = ownerSocket.awaitEvent("leave_team");
      assertThat(toLeaver.path("data").path("user_id").asText()).isEqualTo(leaverId);
      assertThat(toOwner.path("data").path("team_id").asText()).isEqualTo(teamId);
      assertThat(toOwner.path("broadcast").path("team_id").asText()).isEqualTo(teamId);
      ownerSocket.await(f -> "user_removed".equals(f.path("event").asText())
          && privateId.equals(f.path("broadcast").path("channel_id").asText()));

      owner.createPost(channelId, "after the leave");
      ownerSocket.await(f -> "posted".equals(f.path("event").asText()));
      assertThat(leaverSocket.events("posted")).as("no events of the team's channels after leaving").isEmpty();
    }

    assertError(leaver.get("/channels/" + channelId + "/posts"), 403, "api.context.permissions.app_error");
    assertError(leaver.get("/channels/" + privateId), 403, "api.context.permissions.app_error");
    assertError(leaver.post("/posts", Map.of("channel_id", channelId, "message", "hi")), 403, "api.context.permissions.app_error");
    assertThat(ApiAssertions.ids(assertJson(leaver.get("/users/me/teams"), 200))).doesNotContain(teamId);
    assertThat(assertJson(leaver.get("/users/me/teams/" + teamId + "/channels"), 200)).isEmpty();
  }

  @Test
  void onlyTeamAdminsRemoveOthers() {
    ApiClient owner = node.client();
    owner.signUp("admin");
    ApiClient member = node.client();
    String memberId = member.signUp("member").path("id").asText();
    String teamId = joinOpenTeam(owner, member, memberId);
    ApiClient other = node.client();
    String otherId = other.signUp("other").path("id").asText();
    assertJson(other.post("/teams/" + teamId + "/members", Map.of("team_id", teamId, "user_id", otherId)), 201);
    String ownerId = assertJson(owner.get("/users/me"), 200).path("id").asText();

    assertError(node.client().delete("/teams/" + teamId + "/members/" + memberId), 401, "api.context.session_expired.app_error");
    assertError(other.delete("/teams/" + teamId + "/members/" + memberId), 403, "api.context.permissions.app_error");
    assertError(member.delete("/teams/" + teamId + "/members/" + ownerId), 403, "api.context.permissions.app_error");
    assertError(owner.delete("/teams/" + teamId + "/members/bad"), 400, "api.context.invalid_url_param.app_error");
    assertError(owner.delete("/teams/abcdefghijklmnopqrstuvwxyz/members/" + memberId), 404, "app.team.get.find.app_error");

    assertJson(owner.delete("/teams/" + teamId + "/members/" + memberId), 200);
    assertError(owner.delete("/teams/" + teamId + "/members/" + memberId), 400, "api.team.remove_user_from_team.missing.app_error");
    assertThat(ApiAssertions.ids(assertJson(member.get("/users/me/teams"), 200))).doesNotContain(teamId);
    // Leaving is not final: an open team takes the user back, into its default channels again.
    assertJson(member.post("/teams/" + teamId + "/members", Map.of("team_id", teamId, "user_id", memberId)), 201);
    assertThat(assertJson(member.get("/users/me/teams/" + teamId + "/channels"), 200)).hasSize(2);
  }
}
