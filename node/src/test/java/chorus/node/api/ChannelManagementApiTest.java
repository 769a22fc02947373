package chorus.node.api;

import static chorus.node.api.ApiAssertions.assertError;
import static chorus.node.api.ApiAssertions.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.NodeFixture;
import chorus.node.testkit.WsClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Channel patch, archive and restore, and group messages, as users do them in the apps. */
class ChannelManagementApiTest {
  @RegisterExtension
  static final NodeFixture node = NodeFixture.withAdmin();

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A team made by {@code admin} (its team admin), with {@code member} in it and in a new open channel. */
  private record Setup(String teamId, String channelId) {}

  private static Setup teamWithChannel(ApiClient admin, ApiClient member, String memberId) {
    String teamId = admin.createTeam("chan").path("id").asText();
    assertJson(admin.post("/teams/" + teamId + "/members", Map.of("team_id", teamId, "user_id", memberId)), 201);
    String channelId = admin.createChannel(teamId, "room").path("id").asText();
    assertJson(admin.post("/channels/" + channelId + "/members", Map.of("user_id", memberId)), 201);
    return new Setup(teamId, channelId);
  }

  @Test
  void membersPatchAChannelAndItsMembersSeeTheChange() throws Exception {
    ApiClient admin = node.client();
    admin.signUp("tadmin");
    ApiClient member = node.client();
    String memberId = member.signUp("member").path("id").asText();
    Setup s = teamWithChannel(admin, member, memberId);

    try (WsClient adminSocket = WsClient.authenticated(node.webSocketUrl(), admin.token())) {
      String newName = ApiClient.unique("renamed");
      JsonNode patched = assertJson(member.put("/channels/" + s.channelId() + "/patch", Map.of("header", "New header",
          "purpose", "Our purpose", "display_name", "  Renamed ", "name", newName)), 200);
      assertThat(patched.path("header").asText()).isEqualTo("New header");
      assertThat(patched.path("purpose").asText()).isEqualTo("Our purpose");
      assertThat(patched.path("display_name").asText()).isEqualTo("Renamed");
      assertThat(patched.path("name").asText()).isEqualTo(newName);

      JsonNode updated = adminSocket.awaitEvent("channel_updated");
      assertThat(updated.path("broadcast").path("channel_id").asText()).isEqualTo(s.channelId());
      assertThat(JSON.readTree(updated.path("data").path("channel").asText()).path("header").asText()).isEqualTo("New header");
    }
    assertThat(assertJson(admin.get("/channels/" + s.channelId()), 200).path("purpose").asText()).isEqualTo("Our purpose");
  }

  @Test
  void patchesFollowMattermostsRules() {
    ApiClient admin = node.client();
    admin.signUp("tadmin");
    ApiClient member = node.client();
    String memberId = member.signUp("member").path("id").asText();
    Setup s = teamWithChannel(admin, member, memberId);
    ApiClient outsider = node.client();
    outsider.signUp("outsider");
    String townSquare = ApiClient.find(assertJson(admin.get("/users/me/teams/" + s.teamId() + "/channels"), 200), "name",
        "town-square").orElseThrow().path("id").asText();
    String otherName = admin.createChannel(s.teamId(), "other").path("name").asText();

    assertError(node.client().put("/channels/" + s.channelId() + "/patch", Map.of("header", "x")), 401, "api.context.session_expired.app_error");
    assertError(outsider.put("/channels/" + s.channelId() + "/patch", Map.of("header", "x")), 403, "api.context.permissions.app_error");
    assertError(member.put("/channels/" + s.channelId() + "/patch", Map.of("name", "Not Valid")), 400, "model.channel.is_valid.name.app_error");
    assertError(member.put("/channels/" + s.channelId() + "/patch", Map.of("display_name", " ")), 400, "model.channel.is_valid.display_name.app_error");
    assertError(member.put("/channels/" + s.channelId() + "/patch", Map.of("purpose", "p".repeat(251))), 400, "model.channel.is_valid.purpose.app_error");
    assertError(member.put("/channels/" + s.channelId() + "/patch", Map.of("header", "h".repeat(1025))), 400, "model.channel.is_valid.header.app_error");
    assertError(member.put("/channels/" + s.channelId() + "/patch", Map.of("name", otherName)), 400, "store.sql_channel.update.exists.app_error");
    assertError(member.put("/channels/" + townSquare + "/patch", Map.of("name", "not-town-square")), 400, "api.channel.update_channel.tried.app_error");
    assertError(member.put("/channels/abcdefghijklmnopqrstuvwxyz/patch", Map.of("header", "x")), 404, "app.channel.get.existing.app_error");
    assertThat(assertJson(member.put("/channels/" + townSquare + "/patch", Map.of("header", "welcome")), 200).path("header").asText())
        .isEqualTo("welcome");
  }

  @Test
  void anArchivedChannelIsReadOnlyUntilATeamAdminRestoresIt() {
    ApiClient admin = node.client();
    admin.signUp("tadmin");
    ApiClient member = node.client();
    String memberId = member.signUp("member").path("id").asText();
    Setup s = teamWithChannel(admin, member, memberId);
    String postId = member.createPost(s.channelId(), "before the archive").path("id").asText();

    try (WsClient adminSocket = WsClient.authenticated(node.webSocketUrl(), admin.token())) {
      assertJson(member.delete("/channels/" + s.channelId()), 200);
      JsonNode deleted = adminSocket.awaitEvent("channel_deleted");
      assertThat(deleted.path("data").path("channel_id").asText()).isEqualTo(s.channelId());
      assertThat(deleted.path("data").path("delete_at").asLong()).isPositive();
      assertThat(deleted.path("broadcast").path("team_id").asText()).isEqualTo(s.teamId());

      assertThat(assertJson(member.get("/channels/" + s.channelId()), 200).path("delete_at").asLong()).isPositive();
      assertThat(ApiClient.texts(assertJson(member.get("/channels/" + s.channelId() + "/posts"), 200).path("order"))).contains(postId);
      assertError(member.post("/posts", Map.of("channel_id", s.channelId(), "message", "after")), 400,
          "api.post.create_post.can_not_post_to_deleted.error");
      assertError(member.put("/channels/" + s.channelId() + "/patch", Map.of("header", "x")), 400, "api.channel.update_channel.deleted.app_error");
      assertError(member.delete("/channels/" + s.channelId()), 400, "api.channel.delete_channel.deleted.app_error");
      assertError(member.post("/channels/" + s.channelId() + "/restore", null), 403, "api.context.permissions.app_error");

      JsonNode restored = assertJson(admin.post("/channels/" + s.channelId() + "/restore", null), 200);
      assertThat(restored.path("delete_at").asLong()).isZero();
      assertThat(adminSocket.awaitEvent("channel_restored").path("data").path("channel_id").asText()).isEqualTo(s.channelId());
    }
    member.createPost(s.channelId(), "after the restore");
    assertError(admin.post("/channels/" + s.channelId() + "/restore", null), 400, "api.channel.restore_channel.restored.app_error");
  }

  @Test
  void theDefaultChannelAndDirectMessagesCannotBeArchivedAndOutsidersArchiveNothing() {
    ApiClient admin = node.client();
    String adminId = admin.signUp("tadmin").path("id").asText();
    ApiClient member = node.client();
    String memberId = member.signUp("member").path("id").asText();
    Setup s = teamWithChannel(admin, member, memberId);
    ApiClient outsider = node.client();
    outsider.signUp("outsider");
    String townSquare = ApiClient.find(assertJson(admin.get("/users/me/teams/" + s.teamId() + "/channels"), 200), "name",
        "town-square").orElseThrow().path("id").asText();
    String direct = assertJson(member.post("/channels/direct", List.of(memberId, adminId)), 201).path("id").asText();

    assertError(node.client().delete("/channels/" + s.channelId()), 401, "api.context.session_expired.app_error");
    assertError(outsider.delete("/channels/" + s.channelId()), 403, "api.context.permissions.app_error");
    assertError(member.delete("/channels/" + townSquare), 400, "api.channel.delete_channel.cannot.app_error");
    assertError(member.delete("/channels/" + direct), 400, "api.channel.delete_channel.type.invalid");
    assertError(member.delete("/channels/not-an-id"), 400, "api.context.invalid_url_param.app_error");
    assertThat(assertJson(member.get("/channels/" + s.channelId()), 200).path("delete_at").asLong()).isZero();
  }

  @Test
  void aGroupMessageIsTheSameChannelForTheSameUsers() throws Exception {
    ApiClient creator = node.client();
    String creatorId = creator.signUp("creator").path("id").asText();
    ApiClient second = node.client();
    String secondId = second.signUp("second").path("id").asText();
    ApiClient third = node.client();
    String thirdId = third.signUp("third").path("id").asText();
    ApiClient outsider = node.client();
    outsider.signUp("outsider");

    try (WsClient thirdSocket = WsClient.authenticated(node.webSocketUrl(), third.token())) {
      JsonNode group = assertJson(creator.post("/channels/group", List.of(secondId, thirdId)), 201);
      assertThat(group.path("type").asText()).isEqualTo("G");
      assertThat(group.path("team_id").asText()).isEmpty();
      List<String> sorted = Stream.of(creatorId, secondId, thirdId).sorted().toList();
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sorted.forEach(id -> sha1.update(id.getBytes(StandardCharsets.UTF_8)));
      assertThat(group.path("name").asText()).isEqualTo(HexFormat.of().formatHex(sha1.digest()));
      assertThat(group.path("display_name").asText().split(", ")).hasSize(3).isSorted();

      JsonNode added = thirdSocket.awaitEvent("group_added");
      assertThat(JSON.readTree(added.path("data").path("teammate_ids").asText())).hasSize(3);
      assertThat(added.path("broadcast").path("channel_id").asText()).isEqualTo(group.path("id").asText());

      JsonNode again = assertJson(third.post("/channels/group", List.of(secondId, creatorId, thirdId)), 201);
      assertThat(again.path("id").asText()).isEqualTo(group.path("id").asText());
      second.createPost(group.path("id").asText(), "hello group");
      assertThat(ApiAssertions.ids(assertJson(third.get("/users/me/teams/" + "abcdefghijklmnopqrstuvwxyz" + "/channels"), 200)))
          .contains(group.path("id").asText());
      assertError(outsider.get("/channels/" + group.path("id").asText()), 403, "api.context.permissions.app_error");
      assertError(creator.post("/channels/" + group.path("id").asText() + "/members", Map.of("user_id", secondId)), 400,
          "api.channel.add_user_to_channel.type.app_error");
    }
  }

  @Test
  void aGroupNeedsThreeToEightRealUsers() {
    ApiClient creator = node.client();
    creator.signUp("creator");
    ApiClient second = node.client();
    String secondId = second.signUp("second").path("id").asText();

    assertError(node.client().post("/channels/group", List.of(secondId, secondId)), 401, "api.context.session_expired.app_error");
    assertError(creator.post("/channels/group", List.of(secondId)), 400, "api.channel.create_group.bad_size.app_error");
    assertError(creator.post("/channels/group", List.of()), 400, "api.context.invalid_param.app_error");
    assertError(creator.post("/channels/group", List.of(secondId, "short")), 400, "api.context.invalid_param.app_error");
    assertError(creator.post("/channels/group", List.of(secondId, "abcdefghijklmnopqrstuvwxyz")), 400,
        "api.channel.create_group.bad_user.app_error");
    List<String> tooMany = Stream.concat(Stream.of(secondId), Stream.iterate(1, i -> i + 1).limit(8)
        .map(i -> "abcdefghijklmnopqrstuvwx" + (char) ('a' + i) + "z")).toList();
    assertError(creator.post("/channels/group", tooMany), 400, "api.channel.create_group.bad_size.app_error");
  }
}
