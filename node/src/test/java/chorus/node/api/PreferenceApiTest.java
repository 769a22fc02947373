package chorus.node.api;

import static chorus.node.api.ApiAssertions.assertError;
import static chorus.node.api.ApiAssertions.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.NodeFixture;
import chorus.node.testkit.WsClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /users/{id}/preferences}, as the official apps use it from their first screen on. */
class PreferenceApiTest {
  @RegisterExtension
  static final NodeFixture node = NodeFixture.withAdmin();

  private static Map<String, String> pref(String userId, String category, String name, String value) {
    return Map.of("user_id", userId, "category", category, "name", name, "value", value);
  }

  @Test
  void savedPreferencesComeBackWholeByCategoryAndByName() {
    ApiClient user = node.client();
    String id = user.signUp("prefs").path("id").asText();

    assertJson(user.put("/users/me/preferences", List.of(
        pref(id, "display_settings", "use_military_time", "true"),
        pref(id, "favorite_channel", "abcdefghijklmnopqrstuvwxyz", "true"),
        pref(id, "theme", "", "{\"sidebarBg\":\"#1e325c\"}"),
        pref(id, "display_settings", "use_military_time", "false"))), 200);

    JsonNode all = assertJson(user.get("/users/me/preferences"), 200);
    JsonNode display = assertJson(user.get("/users/" + id + "/preferences/display_settings"), 200);
    JsonNode one = assertJson(user.get("/users/me/preferences/display_settings/name/use_military_time"), 200);

    assertThat(all).hasSize(3);
    assertThat(display).hasSize(1);
    assertThat(one.path("value").asText()).as("the last value given for a key wins").isEqualTo("false");
    assertThat(one.path("user_id").asText()).isEqualTo(id);
    assertError(user.get("/users/me/preferences/display_settings/name/nothing_here"), 404, "app.preference.get.app_error");
  }

  @Test
  void nobodyReadsOrWritesAnotherUsersPreferences() {
    ApiClient owner = node.client();
    String ownerId = owner.signUp("owner").path("id").asText();
    ApiClient other = node.client();
    String otherId = other.signUp("other").path("id").asText();
    assertJson(owner.put("/users/me/preferences", List.of(pref(ownerId, "tutorial_step", ownerId, "1"))), 200);

    assertError(other.get("/users/" + ownerId + "/preferences"), 403, "api.context.permissions.app_error");
    assertError(other.put("/users/me/preferences", List.of(pref(ownerId, "tutorial_step", ownerId, "999"))), 403,
        "api.preference.update_preferences.set.app_error");
    assertError(other.post("/users/me/preferences/delete", List.of(pref(ownerId, "tutorial_step", ownerId, "1"))), 403,
        "api.preference.delete_preferences.delete.app_error");
    assertThat(assertJson(owner.get("/users/me/preferences/tutorial_step/name/" + ownerId), 200).path("value").asText())
        .isEqualTo("1");
    assertThat(assertJson(other.get("/users/" + otherId + "/preferences"), 200)).isEmpty();
  }

  @Test
  void invalidPreferencesAreRefusedAndNoneOfTheBatchIsStored() {
    ApiClient user = node.client();
    String id = user.signUp("invalid").path("id").asText();

    assertError(user.put("/users/me/preferences", List.of(pref(id, "ok", "a", "1"), pref(id, "c".repeat(33), "b", "1"))), 400,
        "model.preference.is_valid.category.app_error");
    assertError(user.put("/users/me/preferences", List.of(pref(id, "ok", "n".repeat(33), "1"))), 400,
        "model.preference.is_valid.name.app_error");
    assertError(user.put("/users/me/preferences", List.of(pref(id, "ok", "v", "x".repeat(2001)))), 400,
        "model.preference.is_valid.value.app_error");
    assertError(user.put("/users/me/preferences", List.of(pref(id, "theme", "", "not json"))), 400,
        "model.preference.is_valid.theme.app_error");
    assertError(user.put("/users/me/preferences", List.of()), 400, "api.context.invalid_body_param.app_error");

    assertThat(assertJson(user.get("/users/me/preferences"), 200)).isEmpty();
  }

  @Test
  void changesAndDeletionsReachTheUsersOtherSessions() {
    ApiClient phone = node.client();
    JsonNode me = phone.signUp("twice");
    String id = me.path("id").asText();
    ApiClient desktop = node.client();
    desktop.login(me.path("username").asText(), "Passw0rd!");

    try (WsClient desktopSocket = WsClient.authenticated(node.webSocketUrl(), desktop.token())) {
      assertJson(phone.put("/users/me/preferences", List.of(pref(id, "direct_channel_show", "abcdefghijklmnopqrstuvwxyz", "true"))), 200);
      JsonNode changed = desktopSocket.await(f -> "preferences_changed".equals(f.path("event").asText()));
      assertJson(phone.post("/users/me/preferences/delete", List.of(pref(id, "direct_channel_show", "abcdefghijklmnopqrstuvwxyz", "true"))), 200);
      JsonNode deleted = desktopSocket.await(f -> "preferences_deleted".equals(f.path("event").asText()));

      assertThat(changed.path("data").path("preferences").asText()).contains("direct_channel_show", "\"value\":\"true\"");
      assertThat(changed.path("broadcast").path("user_id").asText()).isEqualTo(id);
      assertThat(deleted.path("data").path("preferences").asText()).contains("direct_channel_show");
    }
    assertThat(assertJson(phone.get("/users/me/preferences"), 200)).isEmpty();
  }
}
