package chorus.node.api;

import static chorus.node.api.ApiAssertions.assertError;
import static chorus.node.api.ApiAssertions.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.NodeFixture;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /users/{id}/teams/{team}/channels/categories}: the sidebar the apps draw from it. */
class SidebarApiTest {
  @RegisterExtension
  static final NodeFixture node = NodeFixture.withAdmin();

  private static JsonNode category(JsonNode sidebar, String type) {
    return ApiClient.find(sidebar.path("categories"), "type", type).orElseThrow();
  }

  @Test
  void theDefaultCategoriesHoldTheUsersChannels() {
    ApiClient user = node.client();
    String userId = user.signUp("side").path("id").asText();
    String teamId = user.createTeam("side").path("id").asText();
    String base = "/users/me/teams/" + teamId + "/channels/categories";

    JsonNode sidebar = assertJson(user.get(base), 200);
    JsonNode order = assertJson(user.get(base + "/order"), 200);

    assertThat(ApiClient.texts(order)).containsExactly("favorites_" + userId + "_" + teamId, "channels_" + userId + "_" + teamId,
        "direct_messages_" + userId + "_" + teamId);
    assertThat(category(sidebar, "favorites").path("channel_ids")).isEmpty();
    assertThat(category(sidebar, "channels").path("channel_ids")).hasSize(2);
    assertThat(category(sidebar, "channels").path("display_name").asText()).isEqualTo("Channels");
    assertThat(category(sidebar, "direct_messages").path("sorting").asText()).isEqualTo("recent");
    assertJson(user.put(base + "/order", order), 200);
    assertError(user.put(base + "/order", List.of(order.get(2).asText(), order.get(0).asText(), order.get(1).asText())), 400,
        "app.channel.sidebar_categories.app_error");
  }

  @Test
  void favoritesAndCollapsingAreKeptAndTheRestIsRefused() {
    ApiClient user = node.client();
    user.signUp("fav");
    String teamId = user.createTeam("fav").path("id").asText();
    String base = "/users/me/teams/" + teamId + "/channels/categories";
    JsonNode sidebar = assertJson(user.get(base), 200);
    JsonNode channels = category(sidebar, "channels");
    String channelId = channels.path("channel_ids").get(0).asText();

    ObjectNode favorites = category(sidebar, "favorites").deepCopy();
    favorites.putArray("channel_ids").add(channelId);
    JsonNode saved = assertJson(user.put(base + "/" + favorites.path("id").asText(), favorites), 200);
    ObjectNode collapsed = category(assertJson(user.get(base), 200), "channels").deepCopy();
    collapsed.put("collapsed", true);
    assertJson(user.put(base, List.of(collapsed)), 200);
    JsonNode after = assertJson(user.get(base), 200);

    assertThat(ApiClient.texts(saved.path("channel_ids"))).containsExactly(channelId);
    assertThat(ApiClient.texts(category(after, "favorites").path("channel_ids"))).containsExactly(channelId);
    assertThat(ApiClient.texts(category(after, "channels").path("channel_ids"))).doesNotContain(channelId);
    assertThat(category(after, "channels").path("collapsed").asBoolean()).isTrue();
    assertThat(assertJson(user.get("/users/me/preferences/favorite_channel/name/" + channelId), 200).path("value").asText())
        .isEqualTo("true");

    ObjectNode back = category(after, "channels").deepCopy();
    back.putArray("channel_ids").add(channelId);
    assertJson(user.put(base + "/" + back.path("id").asText(), back), 200);
    assertThat(category(assertJson(user.get(base), 200), "favorites").path("channel_ids")).as("moved back out").isEmpty();

    ObjectNode muted = category(after, "channels").deepCopy();
    muted.put("muted", true);
    assertError(user.put(base + "/" + muted.path("id").asText(), muted), 400, "app.channel.sidebar_categories.app_error");
    ObjectNode foreign = category(after, "favorites").deepCopy();
    foreign.putArray("channel_ids").add(teamId);
    assertError(user.put(base + "/" + foreign.path("id").asText(), foreign), 400, "app.channel.sidebar_categories.app_error");
    assertError(user.get(base + "/custom_x"), 404, "app.channel.sidebar_categories.app_error");
    ApiClient other = node.client();
    String otherId = other.signUp("other").path("id").asText();
    assertError(user.get("/users/" + otherId + "/teams/" + teamId + "/channels/categories"), 403,
        "api.context.permissions.app_error");
  }
}
