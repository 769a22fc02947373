package chorus.node.api;

import static chorus.node.api.ApiAssertions.assertError;
import static chorus.node.api.ApiAssertions.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.NodeFixture;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /teams/{id}/channels/search}, {@code /autocomplete} and {@code /search_autocomplete}. */
class ChannelSearchApiTest {
  @RegisterExtension
  static final NodeFixture node = NodeFixture.withAdmin();

  private record User(ApiClient client, String id, String username) {}

  /**
   * A team with public channels "Alpha Project" (purpose "planning") and "Beta Launch", a private
   * "Secret Alpha" and an archived "Alpha Archive", all the owner's; a member in the default channels only.
   */
  private record Team(User owner, User member, User outsider, String teamId, String alpha, String beta, String secret, String archived) {}

  private static User user(String prefix) {
    ApiClient client = node.client();
    JsonNode me = client.signUp(prefix);
    return new User(client, me.path("id").asText(), me.path("username").asText());
  }

  private static String channel(User owner, String teamId, String displayName, String type, String purpose) {
    return assertJson(owner.client().post("/channels", Map.of("team_id", teamId, "name", ApiClient.unique("ch"),
        "display_name", displayName, "type", type, "purpose", purpose)), 201).path("id").asText();
  }

  private static Team team() {
    User owner = user("owner");
    User member = user("member");
    String teamId = owner.client().createTeam("chsearch").path("id").asText();
    assertJson(owner.client().post("/teams/" + teamId + "/members", Map.of("team_id", teamId, "user_id", member.id())), 201);
    String alpha = channel(owner, teamId, "Alpha Project", "O", "planning");
    String beta = channel(owner, teamId, "Beta Launch", "O", "");
    String secret = channel(owner, teamId, "Secret Alpha", "P", "");
    String archived = channel(owner, teamId, "Alpha Archive", "O", "");
    assertJson(owner.client().delete("/channels/" + archived), 200);
    return new Team(owner, member, user("outsider"), teamId, alpha, beta, secret, archived);
  }

  private static List<String> displayNames(JsonNode channels) {
    List<String> names = new ArrayList<>();
    channels.forEach(c -> names.add(c.path("display_name").asText()));
    return names;
  }

  private static List<String> search(User who, String teamId, String term) {
    return displayNames(assertJson(who.client().post("/teams/" + teamId + "/channels/search", Map.of("term", term)), 200));
  }

  private static List<String> get(User who, String path) {
    return displayNames(assertJson(who.client().get(path), 200));
  }

  @Test
  void searchFindsLivePublicChannelsByNameDisplayNameOrPurpose() {
    Team t = team();

    assertThat(search(t.member(), t.teamId(), "ALPHA")).as("not the private one, not the archived one").containsExactly("Alpha Project");
    assertThat(search(t.member(), t.teamId(), "lann")).as("anywhere in a field").containsExactly("Alpha Project");
    assertThat(search(t.member(), t.teamId(), "proj alph")).as("each word starting a word, in any order").containsExactly("Alpha Project");
    assertThat(search(t.member(), t.teamId(), "")).containsExactly("Alpha Project", "Beta Launch", "Off-Topic", "Town Square");
    assertThat(search(t.member(), t.teamId(), "%")).as("LIKE wildcards are plain characters").isEmpty();
    assertThat(search(t.member(), t.teamId(), "no such channel")).isEmpty();
    JsonNode found = assertJson(t.member().client().post("/teams/" + t.teamId() + "/channels/search", Map.of("term", "beta")), 200);
    assertThat(found.get(0).path("id").asText()).isEqualTo(t.beta());
    assertThat(found.get(0).path("team_id").asText()).isEqualTo(t.teamId());
  }

  @Test
  void autocompleteAddsThePrivateChannelsTheCallerIsIn() {
    Team t = team();
    String path = "/teams/" + t.teamId() + "/channels/autocomplete?name=alpha";

    assertThat(get(t.owner(), path)).containsExactly("Alpha Project", "Secret Alpha");
    assertThat(get(t.member(), path)).containsExactly("Alpha Project");
    assertThat(get(t.member(), "/teams/" + t.teamId() + "/channels/autocomplete"))
        .containsExactly("Alpha Project", "Beta Launch", "Off-Topic", "Town Square");
  }

  @Test
  void searchAutocompleteListsTheCallersOwnChannelsAndDirectMessagesByTheOtherName() {
    Team t = team();
    String base = "/teams/" + t.teamId() + "/channels/search_autocomplete";
    assertJson(t.member().client().post("/channels/" + t.alpha() + "/members", Map.of("user_id", t.member().id())), 201);
    String dm = assertJson(t.owner().client().post("/channels/direct", List.of(t.owner().id(), t.member().id())), 201).path("id").asText();

    assertThat(get(t.member(), base + "?name=alpha")).containsExactly("Alpha Project");
    assertThat(get(t.owner(), base + "?name=alpha")).containsExactly("Alpha Project", "Secret Alpha");
    JsonNode direct = assertJson(t.owner().client().get(base + "?name=" + t.member().username()), 200);
    assertThat(displayNames(direct)).containsExactly(t.member().username());
    assertThat(direct.get(0).path("id").asText()).isEqualTo(dm);
    assertThat(get(t.member(), base)).as("all of them, sorted regardless of case")
        .containsExactly("Alpha Project", "Off-Topic", t.owner().username(), "Town Square");
  }

  @Test
  void onlyTeamMembersAndAdminsSearchATeamsChannels() {
    Team t = team();
    String team = "/teams/" + t.teamId() + "/channels/";
    ApiClient outsider = t.outsider().client();

    assertError(outsider.post(team + "search", Map.of("term", "alpha")), 404, "app.team.get_member.missing.app_error");
    assertError(outsider.get(team + "autocomplete?name=alpha"), 403, "api.context.permissions.app_error");
    assertError(outsider.get(team + "search_autocomplete?name=alpha"), 403, "api.context.permissions.app_error");
    assertError(node.client().post(team + "search", Map.of("term", "alpha")), 401, "api.context.session_expired.app_error");
    assertError(node.client().get(team + "autocomplete"), 401, "api.context.session_expired.app_error");
    assertError(t.member().client().post("/teams/not-an-id/channels/search", Map.of("term", "a")), 400,
        "api.context.invalid_url_param.app_error");
    assertError(t.member().client().get("/teams/not-an-id/channels/autocomplete"), 400, "api.context.invalid_url_param.app_error");
    assertError(t.member().client().get(team + "autocomplete?name=%00"), 400, "api.context.invalid_url_param.app_error");
    assertError(t.member().client().get(team + "search_autocomplete?name=%01"), 400, "api.context.invalid_url_param.app_error");
    assertError(t.member().client().sendBody("POST", team + "search", "[1]".getBytes(StandardCharsets.UTF_8), "application/json"), 400,
        "api.context.invalid_body_param.app_error");
    assertError(t.member().client().post(team + "search", Map.of("term", 7)), 400, "api.context.invalid_body_param.app_error");

    assertThat(search(new User(node.admin(), "", ""), t.teamId(), "alpha")).as("admins need not be members").containsExactly("Alpha Project");
    assertThat(get(new User(node.admin(), "", ""), team + "autocomplete?name=alpha")).containsExactly("Alpha Project");
  }
}
