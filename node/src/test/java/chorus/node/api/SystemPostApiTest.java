package chorus.node.api;

import static chorus.node.api.ApiAssertions.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.NodeFixture;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The system posts that tell a channel's history, as Mattermost writes them. */
class SystemPostApiTest {
  @RegisterExtension
  static final NodeFixture node = NodeFixture.withAdmin();

  private record User(ApiClient client, String id, String username) {}

  private static User user(String prefix) {
    ApiClient client = node.client();
    JsonNode me = client.signUp(prefix);
    return new User(client, me.path("id").asText(), me.path("username").asText());
  }

  /** The channel's posts oldest first, as "type: message". */
  private static List<String> history(User reader, String channelId) {
    JsonNode list = assertJson(reader.client().get("/channels/" + channelId + "/posts"), 200);
    List<String> out = new ArrayList<>();
    JsonNode order = list.path("order");
    for (int i = order.size() - 1; i >= 0; i--) {
      JsonNode post = list.path("posts").path(order.get(i).asText());
      out.add(post.path("type").asText() + ": " + post.path("message").asText());
    }
    return out;
  }

  private static String townSquare(User user, String teamId) {
    JsonNode channels = assertJson(user.client().get("/users/me/teams/" + teamId + "/channels"), 200);
    return ApiClient.find(channels, "name", "town-square").orElseThrow().path("id").asText();
  }

  @Test
  void joinsLeavesAndChangesAreWrittenIntoTheChannel() {
    User owner = user("owner");
    User bob = user("bob");
    String teamId = owner.client().createTeam("sys").path("id").asText();
    assertJson(owner.client().post("/teams/" + teamId + "/members", Map.of("team_id", teamId, "user_id", bob.id())), 201);
    String channelId = owner.client().createChannel(teamId, "sys").path("id").asText();

    assertJson(owner.client().post("/channels/" + channelId + "/members", Map.of("user_id", bob.id())), 201);
    assertJson(owner.client().put("/channels/" + channelId + "/patch", Map.of("header", "Read the docs")), 200);
    assertJson(bob.client().delete("/channels/" + channelId + "/members/" + bob.id()), 200);
    assertJson(bob.client().post("/channels/" + channelId + "/members", Map.of("user_id", bob.id())), 201);
    assertJson(owner.client().delete("/channels/" + channelId), 200);

    String o = "@" + owner.username();
    String b = "@" + bob.username();
    assertThat(history(owner, channelId)).containsExactly(
        "system_add_to_channel: " + b + " added to the channel by " + o + ".",
        "system_header_change: " + o + " updated the channel header to: Read the docs",
        "system_leave_channel: " + b + " left the channel.",
        "system_join_channel: " + b + " joined the channel.",
        "system_channel_deleted: " + o + " archived the channel.");
    JsonNode header = assertJson(owner.client().get("/channels/" + channelId + "/posts"), 200);
    assertThat(header.toString()).contains("\"new_header\":\"Read the docs\"");
    assertThat(history(owner, townSquare(owner, teamId))).contains("system_join_team: " + b + " joined the team.");
  }

  @Test
  void joinsAndLeavesDoNotMakeAChannelUnread() {
    User owner = user("owner");
    User bob = user("bob");
    String teamId = owner.client().createTeam("quiet").path("id").asText();
    String square = townSquare(owner, teamId);
    assertJson(owner.client().post("/channels/members/me/view", Map.of("channel_id", square)), 200);

    assertJson(owner.client().post("/teams/" + teamId + "/members", Map.of("team_id", teamId, "user_id", bob.id())), 201);
    assertJson(bob.client().delete("/teams/" + teamId + "/members/" + bob.id()), 200);

    assertThat(history(owner, square)).containsExactly("system_join_team: @" + bob.username() + " joined the team.",
        "system_leave_team: @" + bob.username() + " left the team.");
    JsonNode unread = ApiClient.find(assertJson(owner.client().get("/users/me/teams/unread"), 200), "team_id", teamId).orElseThrow();
    assertThat(unread.path("msg_count").asLong()).isZero();
  }
}
