package chorus.node.api;

import static chorus.node.api.ApiAssertions.assertError;
import static chorus.node.api.ApiAssertions.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.TestNode;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** TeamSettings.MaxUsersPerTeam and MaxChannelsPerTeam are enforced, and a refusal stores nothing. */
class TeamLimitsTest {
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of("MM_TEAMSETTINGS_MAXUSERSPERTEAM", "2", "MM_TEAMSETTINGS_MAXCHANNELSPERTEAM", "3"));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void aFullTeamTakesNoMoreMembersButARejoinIsFine() {
    ApiClient owner = node.client();
    owner.signUp("owner");
    String teamId = owner.createTeam("full").path("id").asText();
    String second = node.client().signUp("second").path("id").asText();
    ApiClient thirdClient = node.client();
    String third = thirdClient.signUp("third").path("id").asText();

    assertJson(owner.post("/teams/" + teamId + "/members", Map.of("team_id", teamId, "user_id", second)), 201);
    assertError(owner.post("/teams/" + teamId + "/members", Map.of("team_id", teamId, "user_id", third)), 400,
        "app.team.join_user_to_team.max_accounts.app_error");
    assertJson(owner.post("/teams/" + teamId + "/members", Map.of("team_id", teamId, "user_id", second)), 201);

    assertThat(ApiAssertions.ids(thirdClient.get("/users/me/teams").body())).doesNotContain(teamId);
  }

  @Test
  void aTeamWithMaxChannelsTakesNoMore() {
    ApiClient owner = node.client();
    owner.signUp("chan");
    String teamId = owner.createTeam("chans").path("id").asText();
    // town-square and off-topic count: one more fits under a limit of three.
    owner.createChannel(teamId, "third");
    ApiClient.Response refused = owner.post("/channels",
        Map.of("team_id", teamId, "name", ApiClient.unique("fourth"), "display_name", "Fourth", "type", "O"));

    assertError(refused, 400, "api.channel.create_channel.max_channel_limit.app_error");
    assertThat(owner.get("/users/me/teams/" + teamId + "/channels").body()).hasSize(3);
  }
}
