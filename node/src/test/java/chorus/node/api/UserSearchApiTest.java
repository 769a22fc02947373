package chorus.node.api;

import static chorus.node.api.ApiAssertions.assertError;
import static chorus.node.api.ApiAssertions.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.NodeFixture;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code POST /users/search} and {@code GET /users/autocomplete}: matching, privacy, scopes, limits, permissions. */
class UserSearchApiTest {
  @RegisterExtension
  static final NodeFixture node = NodeFixture.withAdmin();

  private static final String PASSWORD = "Passw0rd!";

  private record User(ApiClient client, String id, String username) {}

  /** Every user of a test starts with its own tag, so searches for the tag see only them. */
  private static String tag() {
    return ApiClient.unique("q").substring(0, 9);
  }

  private static User user(String username, Map<String, String> profile) {
    Map<String, String> body = new HashMap<>(profile);
    body.put("username", username);
    body.putIfAbsent("email", username + "@example.com");
    body.put("password", PASSWORD);
    JsonNode created = assertJson(node.client().post("/users", body), 201);
    ApiClient client = node.client();
    client.login(username, PASSWORD);
    return new User(client, created.path("id").asText(), username);
  }

  private static User user(String username) {
    return user(username, Map.of());
  }

  private static List<String> usernames(JsonNode users) {
    List<String> names = new ArrayList<>();
    users.forEach(u -> names.add(u.path("username").asText()));
    return names;
  }

  private static List<String> search(ApiClient client, Map<String, Object> body) {
    return usernames(assertJson(client.post("/users/search", body), 200));
  }

  private static List<String> search(ApiClient client, String term) {
    return search(client, Map.of("term", term));
  }

  private static void setPrivacy(boolean showEmailAddress, boolean showFullName) {
    node.node().setEnvironment(Map.of("MM_PRIVACYSETTINGS_SHOWEMAILADDRESS", Boolean.toString(showEmailAddress),
        "MM_PRIVACYSETTINGS_SHOWFULLNAME", Boolean.toString(showFullName)));
    node.node().node().reloadConfig();
  }

  /** An owner and a member of a team with a public channel only the owner is in, and a user in no team. */
  private record Place(String tag, User owner, User member, User outsider, String teamId, String channelId) {}

  private static Place place() {
    String tag = tag();
    User owner = user(tag + "own");
    User member = user(tag + "mem");
    User outsider = user(tag + "out");
    String teamId = owner.client().createTeam("search").path("id").asText();
    assertJson(owner.client().post("/teams/" + teamId + "/members", Map.of("team_id", teamId, "user_id", member.id())), 201);
    String channelId = owner.client().createChannel(teamId, "side").path("id").asText();
    return new Place(tag, owner, member, outsider, teamId, channelId);
  }

  @Test
  void termsMatchTheStartOfUsernameNicknameAndNamesInAnyCase() {
    String tag = tag();
    User alice = user(tag + "alice", Map.of("first_name", "Fn" + tag, "last_name", "Ln" + tag, "nickname", "Nick" + tag));
    user(tag + "bob");
    ApiClient caller = node.client();
    caller.signUp("caller");

    assertThat(search(caller, tag)).containsExactly(tag + "alice", tag + "bob");
    assertThat(search(caller, "@" + tag.toUpperCase(Locale.ROOT))).as("an @-mention as typed").containsExactly(tag + "alice", tag + "bob");
    assertThat(search(caller, tag + "ALI")).containsExactly(alice.username());
    assertThat(search(caller, "fn" + tag)).containsExactly(alice.username());
    assertThat(search(caller, "LN" + tag)).containsExactly(alice.username());
    assertThat(search(caller, "nick" + tag)).containsExactly(alice.username());
    assertThat(search(caller, "  " + tag + "   ln" + tag + " ")).as("every word must match some field").containsExactly(alice.username());
    assertThat(search(caller, tag + "bob ln" + tag)).isEmpty();
    assertThat(search(caller, tag.substring(2))).as("prefixes only, not the middle of a name").isEmpty();
    assertThat(search(caller, "_")).as("LIKE wildcards are plain characters").isEmpty();
    assertThat(search(caller, "%")).isEmpty();
  }

  @Test
  void emailsAndFullNamesAreSearchedOnlyWhereTheCallerMaySeeThem() {
    String tag = tag();
    User target = user(tag + "priv", Map.of("email", "m" + tag + "@example.com", "first_name", "Fn" + tag));
    ApiClient caller = node.client();
    caller.signUp("peek");

    assertThat(search(caller, "m" + tag)).as("ShowEmailAddress is on by default").containsExactly(target.username());
    assertThat(search(caller, "fn" + tag)).containsExactly(target.username());
    setPrivacy(false, false);
    try {
      assertThat(search(caller, "m" + tag)).isEmpty();
      assertThat(search(caller, "fn" + tag)).isEmpty();
      assertThat(search(node.admin(), "m" + tag)).as("admins search everything").containsExactly(target.username());
      assertThat(search(node.admin(), "fn" + tag)).containsExactly(target.username());
      assertThat(search(target.client(), "fn" + tag)).as("no exception for oneself, as in Mattermost").isEmpty();

      JsonNode seen = assertJson(caller.post("/users/search", Map.of("term", tag)), 200).get(0);
      JsonNode self = assertJson(target.client().post("/users/search", Map.of("term", tag)), 200).get(0);
      assertThat(seen.path("email").asText("")).isEmpty();
      assertThat(seen.path("first_name").asText("")).isEmpty();
      assertThat(self.path("email").asText()).isEqualTo("m" + tag + "@example.com");
      assertThat(self.path("first_name").asText()).isEqualTo("Fn" + tag);
    } finally {
      setPrivacy(true, true);
    }

    JsonNode autocomplete = assertJson(node.admin().get("/users/autocomplete?name=m" + tag), 200);
    assertThat(autocomplete.path("users")).as("autocomplete never matches e-mails").isEmpty();
    assertThat(autocomplete.has("out_of_channel")).isFalse();
  }

  @Test
  void searchNarrowsToTeamsChannelsAndActiveUsers() {
    Place p = place();
    String tag = p.tag();
    ApiClient client = p.member().client();

    assertThat(search(client, tag)).containsExactly(tag + "mem", tag + "out", tag + "own");
    assertThat(search(client, Map.of("term", tag, "team_id", p.teamId()))).containsExactly(tag + "mem", tag + "own");
    assertThat(search(client, Map.of("term", tag, "not_in_team_id", p.teamId()))).containsExactly(tag + "out");
    assertThat(search(client, Map.of("term", tag, "in_channel_id", p.channelId()))).containsExactly(tag + "own");
    assertThat(search(client, Map.of("term", tag, "team_id", p.teamId(), "not_in_channel_id", p.channelId())))
        .containsExactly(tag + "mem");
    assertThat(search(client, Map.of("term", tag, "without_team", true, "group_constrained", true))).containsExactly(tag + "out");

    assertJson(node.admin().put("/users/" + p.outsider().id() + "/active", Map.of("active", false)), 200);
    assertThat(search(client, tag)).as("deactivated users are left out").containsExactly(tag + "mem", tag + "own");
    assertThat(search(client, Map.of("term", tag, "allow_inactive", true))).containsExactly(tag + "mem", tag + "out", tag + "own");
  }

  @Test
  void limitDefaultsTo100AndMayNotExceed1000() {
    Place p = place();
    ApiClient client = p.member().client();

    assertThat(search(client, Map.of("term", p.tag(), "limit", 1))).containsExactly(p.tag() + "mem");
    assertThat(search(client, Map.of("term", p.tag(), "limit", 0))).as("0 means the default").hasSize(3);
    assertThat(search(client, Map.of("term", p.tag(), "limit", 1000))).hasSize(3);
    assertError(client.post("/users/search", Map.of("term", p.tag(), "limit", 1001)), 400, "api.context.invalid_body_param.app_error");
    assertError(client.post("/users/search", Map.of("term", p.tag(), "limit", -1)), 400, "api.context.invalid_body_param.app_error");

    JsonNode one = assertJson(client.get("/users/autocomplete?name=" + p.tag() + "&limit=1"), 200);
    assertThat(usernames(one.path("users"))).containsExactly(p.tag() + "mem");
    assertThat(assertJson(client.get("/users/autocomplete?name=" + p.tag() + "&limit=5000"), 200).path("users"))
        .as("above 1000 is cut to 1000").hasSize(3);
    assertError(client.get("/users/autocomplete?name=x&limit=many"), 400, "api.context.invalid_url_param.app_error");
  }

  @Test
  void searchRefusesBadInputAndScopesTheCallerCannotSee() {
    Place p = place();
    String tag = p.tag();
    ApiClient outsider = p.outsider().client();
    String privateId = assertJson(p.owner().client().post("/channels", Map.of("team_id", p.teamId(), "name", tag + "-hidden",
        "display_name", "Hidden", "type", "P")), 201).path("id").asText();

    assertError(node.client().post("/users/search", Map.of("term", tag)), 401, "api.context.session_expired.app_error");
    assertError(outsider.post("/users/search", Map.of("term", "")), 400, "api.context.invalid_body_param.app_error");
    assertError(outsider.post("/users/search", Map.of("team_id", p.teamId())), 400, "api.context.invalid_body_param.app_error");
    assertError(outsider.post("/users/search", Map.of("term", tag, "not_in_channel_id", p.channelId())), 400,
        "api.context.invalid_body_param.app_error");
    assertError(outsider.sendBody("POST", "/users/search", "{\"term\":".getBytes(StandardCharsets.UTF_8), "application/json"), 400,
        "api.context.invalid_body_param.app_error");
    assertError(outsider.post("/users/search", Map.of("term", tag, "limit", "ten")), 400, "api.context.invalid_body_param.app_error");

    assertError(outsider.post("/users/search", Map.of("term", tag, "team_id", p.teamId())), 403, "api.context.permissions.app_error");
    assertError(outsider.post("/users/search", Map.of("term", tag, "not_in_team_id", p.teamId())), 403, "api.context.permissions.app_error");
    assertError(outsider.post("/users/search", Map.of("term", tag, "in_channel_id", p.channelId())), 403,
        "api.context.permissions.app_error");
    assertError(outsider.post("/users/search", Map.of("term", tag, "in_channel_id", "a".repeat(26))), 403,
        "api.context.permissions.app_error");
    assertError(p.member().client().post("/users/search", Map.of("term", tag, "in_channel_id", privateId)), 403,
        "api.context.permissions.app_error");
    assertThat(search(p.member().client(), Map.of("term", tag, "in_channel_id", p.channelId())))
        .as("a public channel of one's team is readable without joining it").containsExactly(tag + "own");
    assertThat(search(node.admin(), Map.of("term", tag, "in_channel_id", privateId))).containsExactly(tag + "own");
  }

  @Test
  void autocompleteInAChannelSplitsItsMembersFromTheRestOfTheTeam() {
    Place p = place();
    String tag = p.tag();
    ApiClient member = p.member().client();
    String base = "/users/autocomplete?in_team=" + p.teamId();

    JsonNode inChannel = assertJson(member.get(base + "&in_channel=" + p.channelId() + "&name=%40" + tag), 200);
    JsonNode inTeam = assertJson(member.get(base + "&name=" + tag), 200);
    JsonNode everywhere = assertJson(member.get("/users/autocomplete?name=" + tag), 200);
    JsonNode noOneOutside = assertJson(p.owner().client().get(base + "&in_channel=" + p.channelId() + "&name=" + tag + "own"), 200);

    assertThat(usernames(inChannel.path("users"))).containsExactly(tag + "own");
    assertThat(usernames(inChannel.path("out_of_channel"))).as("team members only, not the outsider").containsExactly(tag + "mem");
    assertThat(usernames(inTeam.path("users"))).containsExactly(tag + "mem", tag + "own");
    assertThat(inTeam.has("out_of_channel")).isFalse();
    assertThat(usernames(everywhere.path("users"))).containsExactly(tag + "mem", tag + "out", tag + "own");
    assertThat(noOneOutside.has("out_of_channel")).as("left out when empty, as in Mattermost").isFalse();

    ApiClient outsider = p.outsider().client();
    assertError(outsider.get(base + "&name=" + tag), 403, "api.context.permissions.app_error");
    assertError(outsider.get("/users/autocomplete?in_channel=" + p.channelId()), 403, "api.context.permissions.app_error");
    assertError(member.get("/users/autocomplete?in_channel=" + p.channelId()), 400,
        "api.user.autocomplete_users.missing_team_id.app_error");
    assertError(node.client().get("/users/autocomplete?name=" + tag), 401, "api.context.session_expired.app_error");
    // Found by ApiFuzzTest: PostgreSQL cannot hold U+0000, and the query failed with a 500.
    assertError(member.get("/users/autocomplete?in_channel=%00"), 400, "api.context.invalid_url_param.app_error");
    assertError(member.get("/users/autocomplete?name=a%00"), 400, "api.context.invalid_url_param.app_error");
  }
}
