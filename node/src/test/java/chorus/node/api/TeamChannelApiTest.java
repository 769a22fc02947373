package chorus.node.api;

import static chorus.node.api.ApiAssertions.assertError;
import static chorus.node.api.ApiAssertions.assertJson;
import static chorus.node.api.ApiAssertions.ids;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.ApiClient.Response;
import chorus.node.testkit.NodeFixture;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Teams, their default channels, channels, direct channels, membership and "viewed" marks. */
class TeamChannelApiTest {
  @RegisterExtension
  static final NodeFixture node = NodeFixture.withAdmin();

  /** A signed-up, logged-in user. */
  private record User(ApiClient client, String id, String username) {}

  private static User user(String prefix) {
    ApiClient client = node.client();
    JsonNode me = client.signUp(prefix);
    return new User(client, me.path("id").asText(), me.path("username").asText());
  }

  private static Map<String, Object> team(String name, String type) {
    return Map.of("name", name, "display_name", "Team " + name, "type", type);
  }

  /** A team anyone may join: {@code allow_open_invite} is what says so, not {@code type}. */
  private static Map<String, Object> openTeam(String name) {
    return Map.of("name", name, "display_name", "Team " + name, "type", "O", "allow_open_invite", true);
  }

  private static Map<String, Object> channel(String teamId, String name, String type) {
    return Map.of("team_id", teamId, "name", name, "display_name", "Channel " + name, "type", type);
  }

  private static List<String> names(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.path("name").asText()));
    return out;
  }

  private static List<String> myTeamNames(User user) {
    return names(assertJson(user.client().get("/users/me/teams"), 200));
  }

  private static JsonNode myChannels(User user, String teamId) {
    return assertJson(user.client().get("/users/me/teams/" + teamId + "/channels"), 200);
  }

  private static void addToTeam(User by, String teamId, User who) {
    assertJson(by.client().post("/teams/" + teamId + "/members", Map.of("team_id", teamId, "user_id", who.id())), 201);
  }

  // --- teams ---

  @Test
  void createTeamReturns201AndMakesTheCreatorTeamAdmin() {
    User owner = user("owner");
    String name = ApiClient.unique("team");

    JsonNode team = assertJson(owner.client().post("/teams", openTeam(name)), 201);

    assertThat(team.path("id").asText()).matches("[a-z0-9]{26}");
    assertThat(team.path("name").asText()).isEqualTo(name);
    assertThat(team.path("type").asText()).isEqualTo("O");
    assertThat(team.path("allow_open_invite").asBoolean()).isTrue();
    JsonNode members = assertJson(owner.client().get("/users/me/teams/members"), 200);
    JsonNode member = ApiClient.find(members, "team_id", team.path("id").asText()).orElseThrow();
    assertThat(member.path("user_id").asText()).isEqualTo(owner.id());
    assertThat(member.path("roles").asText().split(" ")).contains("team_user", "team_admin");
  }

  @Test
  void aNewTeamHasTownSquareAndOffTopicWithTheCreatorInBoth() {
    User owner = user("owner");
    String teamId = owner.client().createTeam("team").path("id").asText();

    JsonNode channels = myChannels(owner, teamId);
    JsonNode memberships = assertJson(owner.client().get("/users/me/teams/" + teamId + "/channels/members"), 200);

    assertThat(names(channels)).contains("town-square", "off-topic");
    for (String name : List.of("town-square", "off-topic")) {
      JsonNode channel = ApiClient.find(channels, "name", name).orElseThrow();
      assertThat(channel.path("type").asText()).isEqualTo("O");
      assertThat(channel.path("team_id").asText()).isEqualTo(teamId);
      assertThat(ApiClient.find(memberships, "channel_id", channel.path("id").asText())).as(name).isPresent();
    }
  }

  @Test
  void invalidTeamNamesAreRejectedAndNoTeamIsStored() {
    User owner = user("owner");
    String suffix = ApiClient.unique("").substring(0, 8);

    for (String name : List.of("Upper" + suffix, "a", "api-" + suffix, "has space" + suffix, "-" + suffix, suffix + "-",
        "under_score" + suffix, "x".repeat(65))) {
      Response response = owner.client().post("/teams", team(name, "O"));
      assertJson(response, 400);
      assertThat(response.body().path("id").asText()).as(name).startsWith("model.team.is_valid.");
      assertThat(response.body().path("status_code").asInt()).isEqualTo(400);
    }
    assertThat(myTeamNames(owner)).isEmpty();
  }

  @Test
  void invalidTeamTypeOrDisplayNameIsRejected() {
    User owner = user("owner");

    assertError(owner.client().post("/teams", team(ApiClient.unique("t"), "X")), 400, "model.team.is_valid.type.app_error");
    assertJson(owner.client().post("/teams", Map.of("name", ApiClient.unique("t"), "display_name", " ", "type", "O")), 400);
    assertThat(myTeamNames(owner)).isEmpty();
  }

  @Test
  void duplicateTeamNameIsRejected() {
    User owner = user("owner");
    User other = user("other");
    String name = ApiClient.unique("dup");
    assertJson(owner.client().post("/teams", team(name, "O")), 201);

    Response response = other.client().post("/teams", team(name, "O"));

    assertError(response, 400, "store.sql_team.save_team.existing.app_error");
    assertThat(myTeamNames(other)).isEmpty();
  }

  @Test
  void getTeamForMembersOpenTeamsAndNotForOutsidersOfInviteOnlyTeams() {
    User owner = user("owner");
    User outsider = user("outsider");
    JsonNode open = assertJson(owner.client().post("/teams", openTeam(ApiClient.unique("open"))), 201);
    JsonNode closed = assertJson(owner.client().post("/teams", team(ApiClient.unique("closed"), "I")), 201);
    String openId = open.path("id").asText();
    String closedId = closed.path("id").asText();

    JsonNode ownView = assertJson(owner.client().get("/teams/" + closedId), 200);
    JsonNode outsiderOpenView = assertJson(outsider.client().get("/teams/" + openId), 200);

    assertThat(ownView.path("name").asText()).isEqualTo(closed.path("name").asText());
    assertThat(ownView.path("invite_id").asText()).isNotEmpty();
    assertThat(outsiderOpenView.path("invite_id").asText()).isEmpty();
    assertError(outsider.client().get("/teams/" + closedId), 403, "api.context.permissions.app_error");
    assertJson(owner.client().get("/teams/" + "q".repeat(26)), 404);
  }

  /** How Mattermost's web app creates a team: type O without open invite. Nobody may read or join it uninvited. */
  @Test
  void aTeamWithoutOpenInviteCannotBeReadOrJoinedByOutsiders() {
    User owner = user("owner");
    User outsider = user("outsider");
    Map<String, Object> request = new java.util.HashMap<>(team(ApiClient.unique("closed"), "O"));
    request.put("allow_open_invite", false);
    JsonNode team = assertJson(owner.client().post("/teams", request), 201);
    String teamId = team.path("id").asText();

    assertThat(team.path("allow_open_invite").asBoolean()).isFalse();
    assertError(outsider.client().get("/teams/" + teamId), 403, "api.context.permissions.app_error");
    assertError(outsider.client().post("/teams/" + teamId + "/members", Map.of("team_id", teamId, "user_id", outsider.id())),
        403, "api.context.permissions.app_error");
    assertThat(myTeamNames(outsider)).isEmpty();
  }

  @Test
  void anOpenTeamCanBeJoinedByAnyoneAndClosedAgainByItsAdmin() {
    User owner = user("owner");
    User first = user("first");
    User second = user("second");
    String teamId = assertJson(owner.client().post("/teams", openTeam(ApiClient.unique("open"))), 201).path("id").asText();

    assertJson(first.client().post("/teams/" + teamId + "/members", Map.of("team_id", teamId, "user_id", first.id())), 201);
    assertError(first.client().put("/teams/" + teamId + "/patch", Map.of("allow_open_invite", false)), 403,
        "api.context.permissions.app_error");
    JsonNode patched = assertJson(owner.client().put("/teams/" + teamId + "/patch", Map.of("allow_open_invite", false)), 200);

    assertThat(patched.path("allow_open_invite").asBoolean()).isFalse();
    assertThat(patched.path("display_name").asText()).isEqualTo(assertJson(owner.client().get("/teams/" + teamId), 200).path("display_name").asText());
    assertError(second.client().post("/teams/" + teamId + "/members", Map.of("team_id", teamId, "user_id", second.id())),
        403, "api.context.permissions.app_error");
    assertThat(ids(assertJson(first.client().get("/users/me/teams"), 200))).contains(teamId);
  }

  @Test
  void theInviteIdLetsItsHolderJoinUntilItIsRegenerated() {
    User owner = user("owner");
    User invited = user("invited");
    User late = user("late");
    JsonNode team = assertJson(owner.client().post("/teams", team(ApiClient.unique("inv"), "I")), 201);
    String teamId = team.path("id").asText();
    String inviteId = team.path("invite_id").asText();

    JsonNode info = assertJson(invited.client().get("/teams/invite/" + inviteId), 200);
    JsonNode member = assertJson(invited.client().post("/teams/members/invite?invite_id=" + inviteId, Map.of()), 201);
    JsonNode regenerated = assertJson(owner.client().post("/teams/" + teamId + "/regenerate_invite_id", Map.of()), 200);

    assertThat(info.path("id").asText()).isEqualTo(teamId);
    assertThat(info.has("invite_id")).isFalse();
    assertThat(member.path("user_id").asText()).isEqualTo(invited.id());
    assertThat(ApiClient.find(myChannels(invited, teamId), "name", "town-square")).isPresent();
    assertThat(regenerated.path("invite_id").asText()).isNotEqualTo(inviteId).isNotEmpty();
    assertError(late.client().post("/teams/members/invite?invite_id=" + inviteId, Map.of()), 404,
        "app.team.get_by_invite_id.finding.app_error");
    assertError(late.client().post("/teams/members/invite?token=abc", Map.of()), 400,
        "api.user.create_user.signup_link_invalid.app_error");
    assertThat(myTeamNames(late)).isEmpty();
  }

  @Test
  void allowedDomainsKeepOtherAddressesOutHoweverTheyJoin() {
    User owner = user("owner");
    User outsider = user("outsider");
    JsonNode team = assertJson(owner.client().post("/teams", openTeam(ApiClient.unique("dom"))), 201);
    String teamId = team.path("id").asText();
    assertJson(owner.client().put("/teams/" + teamId + "/patch", Map.of("allowed_domains", "example.org, chorus.test")), 200);
    String refused = "api.team.join_user_to_team.allowed_domains.app_error";

    assertError(outsider.client().post("/teams/" + teamId + "/members", Map.of("team_id", teamId, "user_id", outsider.id())), 400, refused);
    assertError(outsider.client().post("/teams/members/invite?invite_id=" + team.path("invite_id").asText(), Map.of()), 400, refused);
    assertError(owner.client().post("/teams/" + teamId + "/members", Map.of("team_id", teamId, "user_id", outsider.id())), 400, refused);
    assertJson(owner.client().put("/teams/" + teamId + "/patch", Map.of("allowed_domains", "example.com")), 200);
    assertJson(outsider.client().post("/teams/" + teamId + "/members", Map.of("team_id", teamId, "user_id", outsider.id())), 201);
  }

  /** Mattermost's mention badge: @username and @channel count for the members named, until they view the channel. */
  @Test
  void mentionsCountForTheMembersNamedUntilTheyView() {
    User owner = user("owner");
    User reader = user("reader");
    User other = user("other");
    String teamId = owner.client().createTeam("mentions").path("id").asText();
    addToTeam(owner, teamId, reader);
    addToTeam(owner, teamId, other);
    String channelId = ApiClient.find(myChannels(reader, teamId), "name", "town-square").orElseThrow().path("id").asText();

    owner.client().createPost(channelId, "hi @" + reader.username() + ", see `@" + other.username() + "` and @" + owner.username());
    owner.client().createPost(channelId, "@channel standup");
    String root = owner.client().createPost(channelId, "a thread").path("id").asText();
    assertJson(owner.client().post("/posts", Map.of("channel_id", channelId, "root_id", root, "message", "@" + reader.username()
        + " in a reply")), 201);

    assertThat(mentionCounts(reader, teamId, channelId)).as("named, @channel, named in a reply").containsExactly(3L, 2L);
    assertThat(mentionCounts(other, teamId, channelId)).as("in code it is no mention").containsExactly(1L, 1L);
    assertThat(mentionCounts(owner, teamId, channelId)).as("own posts").containsExactly(0L, 0L);
    JsonNode unread = ApiClient.find(assertJson(reader.client().get("/users/me/teams/unread"), 200), "team_id", teamId).orElseThrow();
    assertThat(unread.path("mention_count").asLong()).isEqualTo(3);
    assertJson(reader.client().post("/channels/members/me/view", Map.of("channel_id", channelId)), 200);
    assertThat(mentionCounts(reader, teamId, channelId)).containsExactly(0L, 0L);
  }

  private List<Long> mentionCounts(User user, String teamId, String channelId) {
    JsonNode members = assertJson(user.client().get("/users/me/teams/" + teamId + "/channels/members"), 200);
    JsonNode member = ApiClient.find(members, "channel_id", channelId).orElseThrow();
    return List.of(member.path("mention_count").asLong(), member.path("mention_count_root").asLong());
  }

  /** Where the apps open a channel: the posts around the last one read, with cursors both ways. */
  @Test
  void unreadPostsComeAroundTheLastView() {
    User owner = user("owner");
    User reader = user("reader");
    String teamId = owner.client().createTeam("around").path("id").asText();
    addToTeam(owner, teamId, reader);
    String channelId = ApiClient.find(myChannels(reader, teamId), "name", "town-square").orElseThrow().path("id").asText();
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      ids.add(owner.client().createPost(channelId, "read " + i).path("id").asText());
    }
    assertJson(reader.client().post("/channels/members/me/view", Map.of("channel_id", channelId)), 200);
    for (int i = 4; i <= 5; i++) {
      ids.add(owner.client().createPost(channelId, "unread " + i).path("id").asText());
    }
    String unread = "/users/me/channels/" + channelId + "/posts/unread";

    JsonNode around = assertJson(reader.client().get(unread + "?limit_before=2&limit_after=1"), 200);
    JsonNode all = assertJson(reader.client().get(unread), 200);

    assertThat(ApiClient.texts(around.path("order"))).containsExactly(ids.get(3), ids.get(2), ids.get(1));
    assertThat(around.path("next_post_id").asText()).isEqualTo(ids.get(4));
    assertThat(around.path("prev_post_id").asText()).isEqualTo(ids.get(0));
    assertThat(ApiClient.texts(all.path("order"))).as("the five and the reader's join").hasSize(6);
    assertThat(all.path("next_post_id").asText()).isEmpty();
    assertThat(all.path("prev_post_id").asText()).isEmpty();
    assertError(reader.client().get(unread + "?limit_after=0"), 400, "api.context.invalid_url_param.app_error");
    assertError(reader.client().get("/users/" + owner.id() + "/channels/" + channelId + "/posts/unread"), 403,
        "api.context.permissions.app_error");
  }

  /** What the apps show as a team's unread badge: others' posts since the last view; one's own posts never. */
  @Test
  void teamUnreadCountsOthersPostsUntilTheChannelIsViewed() {
    User owner = user("owner");
    User reader = user("reader");
    String teamId = owner.client().createTeam("unread").path("id").asText();
    String quietTeam = owner.client().createTeam("quiet").path("id").asText();
    addToTeam(owner, teamId, reader);
    String channelId = ApiClient.find(myChannels(reader, teamId), "name", "town-square").orElseThrow().path("id").asText();

    owner.client().createPost(channelId, "one");
    owner.client().createPost(channelId, "two");
    JsonNode readers = assertJson(reader.client().get("/users/me/teams/unread?include_collapsed_threads=true"), 200);
    JsonNode owners = assertJson(owner.client().get("/users/me/teams/unread"), 200);
    assertJson(reader.client().post("/channels/members/me/view", Map.of("channel_id", channelId)), 200);
    JsonNode afterView = assertJson(reader.client().get("/users/me/teams/unread"), 200);

    JsonNode unread = ApiClient.find(readers, "team_id", teamId).orElseThrow();
    assertThat(unread.path("msg_count").asLong()).isEqualTo(2);
    assertThat(unread.path("msg_count_root").asLong()).isEqualTo(2);
    assertThat(unread.path("mention_count").asLong()).isZero();
    assertThat(ApiClient.find(owners, "team_id", teamId).orElseThrow().path("msg_count").asLong()).as("own posts").isZero();
    assertThat(ApiClient.find(owners, "team_id", quietTeam).orElseThrow().path("msg_count").asLong()).isZero();
    assertThat(ApiClient.find(afterView, "team_id", teamId).orElseThrow().path("msg_count").asLong()).isZero();
    assertError(reader.client().get("/users/" + owner.id() + "/teams/unread"), 403, "api.context.permissions.app_error");
  }

  /** As GET /teams/{id} does, a team's admins see its invite id in their team list; other members do not. */
  @Test
  void myTeamsShowTheInviteIdOnlyToTheTeamsAdmins() {
    User owner = user("owner");
    User member = user("member");
    JsonNode team = owner.client().createTeam("team");
    String teamId = team.path("id").asText();
    addToTeam(owner, teamId, member);

    JsonNode ownerView = ApiClient.find(assertJson(owner.client().get("/users/me/teams"), 200), "id", teamId).orElseThrow();
    JsonNode memberView = ApiClient.find(assertJson(member.client().get("/users/me/teams"), 200), "id", teamId).orElseThrow();

    assertThat(ownerView.path("invite_id").asText()).isEqualTo(team.path("invite_id").asText()).isNotEmpty();
    assertThat(memberView.path("invite_id").asText()).isEmpty();
    assertThat(assertJson(member.client().get("/teams/" + teamId), 200).path("invite_id").asText()).isEmpty();
  }

  @Test
  void anAddedMemberSeesTheTeamAndIsInTownSquare() {
    User owner = user("owner");
    User member = user("member");
    String teamId = owner.client().createTeam("team").path("id").asText();

    JsonNode added = assertJson(owner.client().post("/teams/" + teamId + "/members", Map.of("team_id", teamId, "user_id", member.id())), 201);

    assertThat(added.path("team_id").asText()).isEqualTo(teamId);
    assertThat(added.path("user_id").asText()).isEqualTo(member.id());
    assertThat(added.path("roles").asText()).isEqualTo("team_user");
    assertThat(ids(assertJson(member.client().get("/users/me/teams"), 200))).contains(teamId);
    assertThat(ApiClient.find(assertJson(member.client().get("/users/me/teams/members"), 200), "team_id", teamId)).isPresent();
    JsonNode townSquare = ApiClient.find(myChannels(member, teamId), "name", "town-square").orElseThrow();
    JsonNode memberships = assertJson(member.client().get("/users/me/teams/" + teamId + "/channels/members"), 200);
    assertThat(ApiClient.find(memberships, "channel_id", townSquare.path("id").asText())).isPresent();
    assertJson(member.client().get("/teams/" + teamId), 200);
  }

  /** Adding someone who is already a member is not an error and does not demote anyone. */
  @Test
  void addingAnExistingMemberAgainIsHarmless() {
    User owner = user("owner");
    User member = user("member");
    String teamId = owner.client().createTeam("team").path("id").asText();
    String channelId = owner.client().createChannel(teamId, "chan").path("id").asText();
    addToTeam(owner, teamId, member);
    assertJson(owner.client().post("/channels/" + channelId + "/members", Map.of("user_id", member.id())), 201);

    JsonNode teamAgain = assertJson(owner.client().post("/teams/" + teamId + "/members", Map.of("team_id", teamId, "user_id", member.id())), 201);
    JsonNode ownerAgain = assertJson(owner.client().post("/teams/" + teamId + "/members", Map.of("team_id", teamId, "user_id", owner.id())), 201);
    JsonNode channelAgain = assertJson(owner.client().post("/channels/" + channelId + "/members", Map.of("user_id", member.id())), 201);

    assertThat(teamAgain.path("user_id").asText()).isEqualTo(member.id());
    assertThat(ownerAgain.path("roles").asText().split(" ")).contains("team_admin");
    assertThat(channelAgain.path("user_id").asText()).isEqualTo(member.id());
    JsonNode members = assertJson(owner.client().get("/users/me/teams/members"), 200);
    assertThat(ApiClient.find(members, "team_id", teamId).orElseThrow().path("roles").asText().split(" ")).contains("team_admin");
    assertThat(ids(assertJson(member.client().get("/users/me/teams"), 200)).stream().filter(teamId::equals)).hasSize(1);
  }

  @Test
  void concurrentTeamsWithOneNameYieldOneTeamAndCleanErrors() {
    String name = ApiClient.unique("race");
    List<User> users = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      users.add(user("racer"));
    }
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<CompletableFuture<Response>> calls = new ArrayList<>();
      for (User u : users) {
        calls.add(CompletableFuture.supplyAsync(() -> u.client().post("/teams", team(name, "O")), pool));
      }
      List<Response> responses = calls.stream().map(CompletableFuture::join).toList();

      assertThat(responses.stream().filter(r -> r.status() == 201)).hasSize(1);
      responses.stream().filter(r -> r.status() != 201)
          .forEach(r -> assertError(r, 400, "store.sql_team.save_team.existing.app_error"));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anOutsiderCannotAddPeopleToATeam() {
    User owner = user("owner");
    User outsider = user("outsider");
    User victim = user("victim");
    String teamId = owner.client().createTeam("team").path("id").asText();

    Response response = outsider.client().post("/teams/" + teamId + "/members", Map.of("team_id", teamId, "user_id", victim.id()));

    assertError(response, 403, "api.context.permissions.app_error");
    assertThat(myTeamNames(victim)).isEmpty();
  }

  // --- channels ---

  @Test
  void createOpenAndPrivateChannels() {
    User owner = user("owner");
    String teamId = owner.client().createTeam("team").path("id").asText();
    String openName = ApiClient.unique("open");
    String privateName = ApiClient.unique("priv");

    JsonNode open = assertJson(owner.client().post("/channels", channel(teamId, openName, "O")), 201);
    JsonNode priv = assertJson(owner.client().post("/channels", channel(teamId, privateName, "P")), 201);

    assertThat(open.path("type").asText()).isEqualTo("O");
    assertThat(priv.path("type").asText()).isEqualTo("P");
    assertThat(open.path("team_id").asText()).isEqualTo(teamId);
    assertThat(open.path("creator_id").asText()).isEqualTo(owner.id());
    assertThat(names(myChannels(owner, teamId))).contains(openName, privateName);
    JsonNode memberships = assertJson(owner.client().get("/users/me/teams/" + teamId + "/channels/members"), 200);
    JsonNode membership = ApiClient.find(memberships, "channel_id", priv.path("id").asText()).orElseThrow();
    assertThat(membership.path("user_id").asText()).isEqualTo(owner.id());
    assertThat(membership.path("roles").asText().split(" ")).contains("channel_user", "channel_admin");
  }

  @Test
  void invalidChannelNamesAreRejectedAndNothingIsStored() {
    User owner = user("owner");
    String teamId = owner.client().createTeam("team").path("id").asText();
    int before = myChannels(owner, teamId).size();

    for (String name : List.of("", "Upper", "has space", "-lead", "trail-", "x".repeat(65), "dot.dot")) {
      assertError(owner.client().post("/channels", channel(teamId, name, "O")), 400, "model.channel.is_valid.name.app_error");
    }

    assertThat(myChannels(owner, teamId).size()).isEqualTo(before);
  }

  @Test
  void duplicateChannelNameInTheSameTeamIsRejected() {
    User owner = user("owner");
    String teamId = owner.client().createTeam("team").path("id").asText();
    String name = ApiClient.unique("dup");
    assertJson(owner.client().post("/channels", channel(teamId, name, "O")), 201);

    Response response = owner.client().post("/channels", channel(teamId, name, "P"));

    assertError(response, 400, "store.sql_channel.save_channel.exists.app_error");
    assertThat(names(myChannels(owner, teamId)).stream().filter(name::equals)).hasSize(1);
  }

  @Test
  void theSameChannelNameMayBeUsedInAnotherTeam() {
    User owner = user("owner");
    String teamA = owner.client().createTeam("teama").path("id").asText();
    String teamB = owner.client().createTeam("teamb").path("id").asText();
    String name = ApiClient.unique("same");

    assertJson(owner.client().post("/channels", channel(teamA, name, "O")), 201);
    assertJson(owner.client().post("/channels", channel(teamB, name, "O")), 201);
  }

  @Test
  void aTeamOutsiderCannotCreateChannelsInIt() {
    User owner = user("owner");
    User outsider = user("outsider");
    String teamId = owner.client().createTeam("team").path("id").asText();
    String name = ApiClient.unique("sneaky");
    int before = myChannels(owner, teamId).size();

    assertError(outsider.client().post("/channels", channel(teamId, name, "O")), 403, "api.context.permissions.app_error");
    assertThat(myChannels(owner, teamId).size()).isEqualTo(before);
  }

  @Test
  void getChannelRespectsPrivateMembership() {
    User owner = user("owner");
    User teammate = user("teammate");
    String teamId = owner.client().createTeam("team").path("id").asText();
    addToTeam(owner, teamId, teammate);
    String openId = assertJson(owner.client().post("/channels", channel(teamId, ApiClient.unique("open"), "O")), 201).path("id").asText();
    String privateId = assertJson(owner.client().post("/channels", channel(teamId, ApiClient.unique("priv"), "P")), 201).path("id").asText();

    assertThat(assertJson(owner.client().get("/channels/" + privateId), 200).path("id").asText()).isEqualTo(privateId);
    assertThat(assertJson(teammate.client().get("/channels/" + openId), 200).path("id").asText()).isEqualTo(openId);
    assertError(teammate.client().get("/channels/" + privateId), 403, "api.context.permissions.app_error");
    assertJson(owner.client().get("/channels/" + "q".repeat(26)), 404);
    User outsider = user("outsider");
    assertError(outsider.client().get("/channels/" + openId), 403, "api.context.permissions.app_error");
  }

  @Test
  void aTeamMemberMayJoinAnOpenChannelButNotAPrivateOne() {
    User owner = user("owner");
    User teammate = user("teammate");
    String teamId = owner.client().createTeam("team").path("id").asText();
    addToTeam(owner, teamId, teammate);
    String openId = assertJson(owner.client().post("/channels", channel(teamId, ApiClient.unique("open"), "O")), 201).path("id").asText();
    String privateId = assertJson(owner.client().post("/channels", channel(teamId, ApiClient.unique("priv"), "P")), 201).path("id").asText();

    JsonNode joined = assertJson(teammate.client().post("/channels/" + openId + "/members", Map.of("user_id", teammate.id())), 201);

    assertThat(joined.path("user_id").asText()).isEqualTo(teammate.id());
    JsonNode memberships = assertJson(teammate.client().get("/users/me/teams/" + teamId + "/channels/members"), 200);
    assertThat(ApiClient.find(memberships, "channel_id", openId)).isPresent();
    assertError(teammate.client().post("/channels/" + privateId + "/members", Map.of("user_id", teammate.id())),
        403, "api.context.permissions.app_error");
    assertThat(ApiClient.find(memberships, "channel_id", privateId)).isEmpty();
  }

  @Test
  void onlyTeamMembersCanBeAddedToItsChannels() {
    User owner = user("owner");
    User outsider = user("outsider");
    String teamId = owner.client().createTeam("team").path("id").asText();
    String channelId = owner.client().createChannel(teamId, "chan").path("id").asText();

    Response response = owner.client().post("/channels/" + channelId + "/members", Map.of("user_id", outsider.id()));

    assertJson(response, 400);
    assertThat(response.body().path("status_code").asInt()).isEqualTo(400);
    assertError(outsider.client().get("/channels/" + channelId), 403, "api.context.permissions.app_error");
    assertJson(owner.client().post("/channels/" + channelId + "/members", Map.of()), 400);
  }

  @Test
  void addChannelMemberOneOrMany() {
    User owner = user("owner");
    User one = user("one");
    User two = user("two");
    User three = user("three");
    String teamId = owner.client().createTeam("team").path("id").asText();
    for (User u : List.of(one, two, three)) {
      addToTeam(owner, teamId, u);
    }
    String privateId = assertJson(owner.client().post("/channels", channel(teamId, ApiClient.unique("priv"), "P")), 201).path("id").asText();

    JsonNode single = assertJson(owner.client().post("/channels/" + privateId + "/members", Map.of("user_id", one.id())), 201);
    JsonNode many = assertJson(owner.client().post("/channels/" + privateId + "/members", Map.of("user_ids", List.of(two.id(), three.id()))), 201);

    assertThat(single.isObject()).isTrue();
    assertThat(single.path("channel_id").asText()).isEqualTo(privateId);
    assertThat(single.path("user_id").asText()).isEqualTo(one.id());
    assertThat(single.path("roles").asText()).isEqualTo("channel_user");
    assertThat(many.isArray()).isTrue();
    List<String> added = new ArrayList<>();
    many.forEach(m -> added.add(m.path("user_id").asText()));
    assertThat(added).containsExactlyInAnyOrder(two.id(), three.id());
    for (User u : List.of(one, two, three)) {
      assertThat(assertJson(u.client().get("/channels/" + privateId), 200).path("id").asText()).isEqualTo(privateId);
    }
  }

  @Test
  void aNonMemberCannotAddPeopleToAPrivateChannel() {
    User owner = user("owner");
    User teammate = user("teammate");
    String teamId = owner.client().createTeam("team").path("id").asText();
    addToTeam(owner, teamId, teammate);
    String privateId = assertJson(owner.client().post("/channels", channel(teamId, ApiClient.unique("priv"), "P")), 201).path("id").asText();

    Response response = teammate.client().post("/channels/" + privateId + "/members", Map.of("user_id", teammate.id()));

    assertError(response, 403, "api.context.permissions.app_error");
    assertError(teammate.client().get("/channels/" + privateId), 403, "api.context.permissions.app_error");
  }

  @Test
  void directChannelIsCreatedOnceAndNamedBySortedIds() {
    User me = user("me");
    User other = user("other");
    String expectedName = me.id().compareTo(other.id()) < 0 ? me.id() + "__" + other.id() : other.id() + "__" + me.id();

    JsonNode first = assertJson(me.client().post("/channels/direct", List.of(me.id(), other.id())), 201);
    JsonNode again = assertJson(me.client().post("/channels/direct", List.of(me.id(), other.id())), 201);
    JsonNode fromTheOtherSide = assertJson(other.client().post("/channels/direct", List.of(me.id(), other.id())), 201);

    assertThat(first.path("type").asText()).isEqualTo("D");
    assertThat(first.path("team_id").asText()).isEmpty();
    assertThat(first.path("name").asText()).isEqualTo(expectedName);
    assertThat(again.path("id").asText()).isEqualTo(first.path("id").asText());
    assertThat(fromTheOtherSide.path("id").asText()).isEqualTo(first.path("id").asText());
    assertThat(assertJson(other.client().get("/channels/" + first.path("id").asText()), 200).path("type").asText()).isEqualTo("D");
  }

  /** Both sides opening the conversation at once must end up in one channel, not in an error. */
  @Test
  void concurrentDirectChannelRequestsAgreeOnOneChannel() {
    User me = user("me");
    User other = user("other");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<CompletableFuture<Response>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        User caller = i % 2 == 0 ? me : other;
        calls.add(CompletableFuture.supplyAsync(() -> caller.client().post("/channels/direct", List.of(me.id(), other.id())), pool));
      }
      Set<String> channelIds = new HashSet<>();
      for (CompletableFuture<Response> call : calls) {
        channelIds.add(assertJson(call.join(), 201).path("id").asText());
      }

      assertThat(channelIds).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void directChannelWithAnUnknownUserIsRejected() {
    User me = user("me");
    String ghost = "g".repeat(26);

    assertError(me.client().post("/channels/direct", List.of(me.id(), ghost)), 400, "api.channel.create_direct_channel.invalid_user.app_error");
    assertJson(me.client().post("/channels/direct", List.of(me.id())), 400);
    assertJson(me.client().post("/channels/direct", List.of(me.id(), ghost, "h".repeat(26))), 400);
  }

  @Test
  void directChannelOfTwoOtherPeopleIsForbidden() {
    User me = user("me");
    User a = user("a");
    User b = user("b");

    assertError(me.client().post("/channels/direct", List.of(a.id(), b.id())), 403, "api.context.permissions.app_error");
  }

  @Test
  void myChannelMembersInATeam() {
    User owner = user("owner");
    String teamId = owner.client().createTeam("team").path("id").asText();
    String channelId = owner.client().createChannel(teamId, "chan").path("id").asText();

    JsonNode members = assertJson(owner.client().get("/users/me/teams/" + teamId + "/channels/members"), 200);

    assertThat(members.isArray()).isTrue();
    assertThat(members.size()).isEqualTo(3);
    JsonNode member = ApiClient.find(members, "channel_id", channelId).orElseThrow();
    assertThat(member.path("user_id").asText()).isEqualTo(owner.id());
    assertThat(member.path("notify_props").path("mark_unread").asText()).isEqualTo("all");
    members.forEach(m -> assertThat(m.path("user_id").asText()).isEqualTo(owner.id()));
  }

  @Test
  void viewingAChannelMarksItRead() {
    User owner = user("owner");
    String teamId = owner.client().createTeam("team").path("id").asText();
    String channelId = owner.client().createChannel(teamId, "chan").path("id").asText();
    JsonNode post = owner.client().createPost(channelId, "unread");
    long before = System.currentTimeMillis();

    Response response = owner.client().post("/channels/members/me/view",
        Map.of("channel_id", channelId, "prev_channel_id", "", "collapsed_threads_supported", true));

    JsonNode body = assertJson(response, 200);
    assertThat(body.path("status").asText()).isEqualTo("OK");
    long viewedAt = body.path("last_viewed_at_times").path(channelId).asLong();
    assertThat(viewedAt).isGreaterThanOrEqualTo(before);
    JsonNode members = assertJson(owner.client().get("/users/me/teams/" + teamId + "/channels/members"), 200);
    JsonNode member = ApiClient.find(members, "channel_id", channelId).orElseThrow();
    assertThat(member.path("last_viewed_at").asLong()).isEqualTo(viewedAt);
    JsonNode channel = assertJson(owner.client().get("/channels/" + channelId), 200);
    assertThat(channel.path("total_msg_count").asLong()).isEqualTo(1);
    assertThat(channel.path("last_post_at").asLong()).isEqualTo(post.path("create_at").asLong());
    assertThat(member.path("msg_count").asLong()).isEqualTo(1);
    assertThat(member.path("mention_count").asLong()).isZero();
  }

  @Test
  void viewingSomeoneElsesChannelsIsForbidden() {
    User owner = user("owner");
    User other = user("other");
    String teamId = owner.client().createTeam("team").path("id").asText();
    String channelId = owner.client().createChannel(teamId, "chan").path("id").asText();

    assertError(other.client().post("/channels/members/" + owner.id() + "/view", Map.of("channel_id", channelId)),
        403, "api.context.permissions.app_error");
  }

  @Test
  void listingTeamsShowsAnAdminEveryTeamAndOthersTheOnesTheyMayJoin() {
    User owner = user("lister");
    String open = ApiClient.unique("joinable");
    String closed = ApiClient.unique("closed");
    String invite = ApiClient.unique("invite");
    assertJson(owner.client().post("/teams", openTeam(open)), 201);
    assertJson(owner.client().post("/teams", team(closed, "O")), 201);
    assertJson(owner.client().post("/teams", team(invite, "I")), 201);

    List<String> everyTeam = new ArrayList<>();
    for (int page = 0; ; page++) {
      JsonNode found = assertJson(node.admin().get("/teams?per_page=2&page=" + page), 200);
      everyTeam.addAll(names(found));
      if (found.size() < 2) {
        break;
      }
    }
    assertThat(everyTeam).contains(open, closed, invite);

    User stranger = user("stranger");
    JsonNode visible = assertJson(stranger.client().get("/teams?per_page=200"), 200);
    assertThat(names(visible)).contains(open).doesNotContain(closed, invite);
    JsonNode joinable = ApiClient.find(visible, "name", open).orElseThrow();
    assertThat(joinable.path("invite_id").asText()).as("a team's private fields are not listed: " + joinable).isEmpty();

    JsonNode counted = assertJson(stranger.client().get("/teams?include_total_count=true&per_page=1"), 200);
    assertThat(counted.path("teams")).hasSize(1);
    assertThat(counted.path("total_count").asLong()).isEqualTo(countAll(stranger));
    assertError(stranger.client().get("/teams?per_page=-1"), 400, "api.context.invalid_url_param.app_error");
  }

  private static long countAll(User user) {
    return assertJson(user.client().get("/teams?per_page=200"), 200).size();
  }
}
