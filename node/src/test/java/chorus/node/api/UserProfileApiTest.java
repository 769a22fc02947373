package chorus.node.api;

import static chorus.node.api.ApiAssertions.assertError;
import static chorus.node.api.ApiAssertions.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.NodeFixture;
import chorus.node.testkit.WsClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code PUT /users/{id}/patch} and {@code PUT /users/{id}}: users change their own profile, admins anyone's. */
class UserProfileApiTest {
  @RegisterExtension
  static final NodeFixture node = NodeFixture.withAdmin();

  @Test
  void aUserPatchesTheirProfileAndEveryoneSeesTheChange() {
    ApiClient user = node.client();
    JsonNode me = user.signUp("patcher");
    String id = me.path("id").asText();
    ApiClient watcher = node.client();
    watcher.signUp("watcher");
    ApiClient otherSession = node.client();
    otherSession.login(me.path("username").asText(), "Passw0rd!");

    try (WsClient watcherSocket = WsClient.authenticated(node.webSocketUrl(), watcher.token());
        WsClient ownSocket = WsClient.authenticated(node.webSocketUrl(), otherSession.token())) {
      JsonNode patched = assertJson(user.put("/users/me/patch", Map.of("nickname", "Nick", "first_name", "Ada",
          "position", "Engineer", "locale", "fr", "props", Map.of("customStatus", "busy"))), 200);

      assertThat(patched.path("nickname").asText()).isEqualTo("Nick");
      assertThat(patched.path("first_name").asText()).isEqualTo("Ada");
      assertThat(patched.path("locale").asText()).isEqualTo("fr");
      assertThat(patched.path("username").asText()).as("untouched fields keep their value").isEqualTo(me.path("username").asText());
      assertThat(patched.path("update_at").asLong()).isGreaterThanOrEqualTo(me.path("update_at").asLong());
      assertThat(assertJson(watcher.get("/users/" + id), 200).path("nickname").asText()).isEqualTo("Nick");

      JsonNode seenByOther = watcherSocket.await(f -> "user_updated".equals(f.path("event").asText())
          && id.equals(f.path("data").path("user").path("id").asText()));
      JsonNode seenBySelf = ownSocket.await(f -> "user_updated".equals(f.path("event").asText()));
      assertThat(seenByOther.path("data").path("user").path("nickname").asText()).isEqualTo("Nick");
      assertThat(seenByOther.path("broadcast").path("omit_users").path(id).asBoolean()).isTrue();
      assertThat(seenBySelf.path("broadcast").path("user_id").asText()).isEqualTo(id);
      assertThat(seenBySelf.path("data").path("user").path("position").asText()).isEqualTo("Engineer");
    }
  }

  @Test
  void changingYourOwnEmailNeedsYourPasswordAndAnAdminNeedsNone() {
    ApiClient user = node.client();
    String id = user.signUp("mailer").path("id").asText();
    String newEmail = ApiClient.unique("new") + "@example.com";

    assertError(user.put("/users/me/patch", Map.of("email", newEmail)), 400, "api.context.invalid_param.app_error");
    assertError(user.put("/users/me/patch", Map.of("email", newEmail, "password", "wrong")), 401,
        "api.user.check_user_password.invalid.app_error");
    assertThat(assertJson(user.put("/users/me/patch", Map.of("email", newEmail.toUpperCase(), "password", "Passw0rd!")), 200)
        .path("email").asText()).isEqualTo(newEmail);

    String adminsChoice = ApiClient.unique("adm") + "@example.com";
    assertThat(assertJson(node.admin().put("/users/" + id + "/patch", Map.of("email", adminsChoice)), 200).path("email").asText())
        .isEqualTo(adminsChoice);
  }

  @Test
  void takenNamesAndBadValuesAreRefusedWithMattermostsErrors() {
    ApiClient first = node.client();
    JsonNode taken = first.signUp("taken");
    ApiClient user = node.client();
    user.signUp("renamer");

    assertError(user.put("/users/me/patch", Map.of("username", taken.path("username").asText())), 400,
        "app.user.save.username_exists.app_error");
    assertError(user.put("/users/me/patch", Map.of("username", "No Spaces")), 400, "model.user.is_valid.username.app_error");
    assertError(user.put("/users/me/patch", Map.of("username", "all")), 400, "model.user.is_valid.username.app_error");
    assertError(user.put("/users/me/patch", Map.of("nickname", "n".repeat(65))), 400, "model.user.is_valid.nickname.app_error");
    assertError(user.put("/users/me/patch", Map.of("locale", "much-too-long")), 400, "model.user.is_valid.locale.app_error");
    assertError(user.put("/users/me/patch", Map.of("email", taken.path("email").asText(), "password", "Passw0rd!")), 400,
        "app.user.save.email_exists.app_error");
    assertError(user.put("/users/me/patch", "not an object"), 400, "api.context.invalid_body_param.app_error");

    String renamed = ApiClient.unique("Renamed");
    assertThat(assertJson(user.put("/users/me/patch", Map.of("username", renamed)), 200).path("username").asText())
        .as("stored lower-cased, as Mattermost does").isEqualTo(renamed.toLowerCase());
  }

  @Test
  void onlyTheUserOrASystemAdminChangesAProfile() {
    ApiClient owner = node.client();
    String ownerId = owner.signUp("owner").path("id").asText();
    ApiClient other = node.client();
    other.signUp("intruder");
    String adminId = assertJson(node.admin().get("/users/me"), 200).path("id").asText();

    assertError(node.client().put("/users/" + ownerId + "/patch", Map.of("nickname", "x")), 401, "api.context.session_expired.app_error");
    assertError(other.put("/users/" + ownerId + "/patch", Map.of("nickname", "x")), 403, "api.context.permissions.app_error");
    assertError(other.put("/users/" + adminId + "/patch", Map.of("nickname", "x")), 403, "api.context.permissions.app_error");
    assertError(other.put("/users/not-an-id/patch", Map.of("nickname", "x")), 400, "api.context.invalid_url_param.app_error");
    assertThat(assertJson(node.admin().put("/users/" + ownerId + "/patch", Map.of("nickname", "set by admin")), 200)
        .path("nickname").asText()).isEqualTo("set by admin");
  }

  @Test
  void theWholeUpdateMustNameThePathsUser() {
    ApiClient user = node.client();
    JsonNode me = user.signUp("updater");
    Map<String, Object> body = new HashMap<>();
    body.put("id", me.path("id").asText());
    body.put("username", me.path("username").asText());
    body.put("email", me.path("email").asText());
    body.put("last_name", "Lovelace");

    assertThat(assertJson(user.put("/users/me", body), 200).path("last_name").asText()).isEqualTo("Lovelace");
    body.put("id", "abcdefghijklmnopqrstuvwxyz");
    assertError(user.put("/users/me", body), 400, "api.context.invalid_param.app_error");
  }
}
