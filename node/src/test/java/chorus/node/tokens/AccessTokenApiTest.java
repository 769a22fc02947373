package chorus.node.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.NodeFixture;
import chorus.node.testkit.WsClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Personal access tokens on one real node: Mattermost's routes, shapes and permissions; the
 * token string is returned once; a token signs its user in over REST and the WebSocket until
 * it is disabled or revoked; {@code EnableUserAccessTokens} off refuses creation (501) and
 * every token at once.
 */
class AccessTokenApiTest {
  @RegisterExtension
  static final NodeFixture node = NodeFixture.withConfigFile(Map.of(),
      "{\"ClusterSettings\": {\"ReadOnlyConfig\": false}, \"ServiceSettings\": {\"EnableUserAccessTokens\": true}}");

  private record Created(String id, String token) {}

  private static Created create(ApiClient client, String userId, String description) {
    ApiClient.Response created = client.post("/users/" + userId + "/tokens", Map.of("description", description));
    assertThat(created.status()).as(created.rawBody()).isEqualTo(200);
    JsonNode body = created.body();
    assertThat(body.path("user_id").asText()).isEqualTo(userId.equals("me") ? body.path("user_id").asText() : userId);
    assertThat(body.path("description").asText()).isEqualTo(description);
    assertThat(body.path("is_active").asBoolean()).isTrue();
    assertThat(body.path("token").asText()).hasSize(26);
    return new Created(body.path("id").asText(), body.path("token").asText());
  }

  private static ApiClient as(String token) {
    return node.client().withToken(token);
  }

  private static String adminId() {
    return node.admin().get("/users/me").body().path("id").asText();
  }

  @Test
  void aTokenIsShownOnceAndSignsItsUserInUntilDisabledOrRevoked() {
    ApiClient admin = node.admin();
    Created token = create(admin, "me", "ci script");

    ApiClient script = as(token.token());
    assertThat(script.get("/users/me").body().path("id").asText()).isEqualTo(adminId());
    assertThat(script.get("/users/me/tokens").status()).isEqualTo(200);
    try (WsClient socket = WsClient.authenticated(node.webSocketUrl(), token.token())) {
      assertThat(socket.frames()).anyMatch(f -> "hello".equals(f.path("event").asText()));
    }

    // Never again the token string: not in a user's list, the system list, nor a lookup by id.
    JsonNode mine = admin.get("/users/me/tokens").body();
    assertThat(ApiClient.find(mine, "id", token.id())).isPresent();
    assertThat(admin.get("/users/me/tokens").rawBody()).doesNotContain(token.token()).doesNotContain("\"token\"");
    assertThat(admin.get("/users/tokens").rawBody()).contains(token.id()).doesNotContain(token.token());
    ApiClient.Response byId = admin.get("/users/tokens/" + token.id());
    assertThat(byId.status()).isEqualTo(200);
    assertThat(byId.body().has("token")).isFalse();
    assertThat(byId.body().path("description").asText()).isEqualTo("ci script");

    assertThat(admin.post("/users/tokens/disable", Map.of("token_id", token.id())).status()).isEqualTo(200);
    assertThat(script.get("/users/me").status()).isEqualTo(401);
    assertThat(admin.get("/users/tokens/" + token.id()).body().path("is_active").asBoolean()).isFalse();
    assertThat(admin.post("/users/tokens/enable", Map.of("token_id", token.id())).status()).isEqualTo(200);
    assertThat(script.get("/users/me").status()).isEqualTo(200);

    assertThat(admin.post("/users/tokens/revoke", Map.of("token_id", token.id())).status()).isEqualTo(200);
    assertThat(script.get("/users/me").status()).isEqualTo(401);
    assertThat(admin.get("/users/tokens/" + token.id()).status()).isEqualTo(404);
    assertThat(admin.post("/users/tokens/revoke", Map.of("token_id", token.id())).errorId())
        .isEqualTo("app.user_access_token.get_by_id.app_error");
  }

  @Test
  void onlySystemAdminsAndHoldersOfTheTokenRoleMayHaveTokens() {
    ApiClient admin = node.admin();
    ApiClient user = node.client();
    String userId = user.signUp("scripter").path("id").asText();
    ApiClient other = node.client();
    String otherId = other.signUp("other").path("id").asText();

    ApiClient.Response refused = user.post("/users/me/tokens", Map.of("description", "mine"));
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.errorId()).isEqualTo("api.context.permissions.app_error");
    assertThat(user.get("/users/me/tokens").status()).isEqualTo(403);
    assertThat(user.get("/users/tokens").status()).isEqualTo(403);

    assertThat(admin.put("/users/" + userId + "/roles", Map.of("roles", "system_user system_user_access_token")).status())
        .isEqualTo(200);
    Created own = create(user, userId, "nightly export");
    assertThat(as(own.token()).get("/users/me").body().path("id").asText()).isEqualTo(userId);
    // The role covers one's own tokens; another user's need a system admin.
    assertThat(user.post("/users/" + otherId + "/tokens", Map.of("description", "x")).status()).isEqualTo(403);
    assertThat(user.get("/users/tokens").status()).as("the system-wide list is manage_system").isEqualTo(403);
    Created forOther = create(admin, otherId, "made by the admin");
    assertThat(user.get("/users/tokens/" + forOther.id()).status()).isEqualTo(403);
    assertThat(user.post("/users/tokens/revoke", Map.of("token_id", forOther.id())).status()).isEqualTo(403);
    assertThat(as(forOther.token()).get("/users/me").body().path("id").asText()).isEqualTo(otherId);
    assertThat(admin.get("/users/" + otherId + "/tokens").body()).hasSize(1);

    // Deactivating the owner stops the token.
    assertThat(admin.put("/users/" + otherId + "/active", Map.of("active", false)).status()).isEqualTo(200);
    assertThat(as(forOther.token()).get("/users/me").status()).isEqualTo(401);
  }

  @Test
  void badRequestsGetMattermostsErrors() {
    ApiClient admin = node.admin();
    assertThat(admin.post("/users/me/tokens", Map.of("description", "")).errorId()).isEqualTo("api.context.invalid_param.app_error");
    assertThat(admin.post("/users/me/tokens", Map.of("description", "d".repeat(256))).errorId())
        .isEqualTo("model.user_access_token.is_valid.description.app_error");
    assertThat(admin.post("/users/tokens/disable", Map.of("token_id", "nope")).status()).isEqualTo(400);
    assertThat(admin.get("/users/tokens/nope").status()).isEqualTo(400);
    assertThat(admin.get("/users/tokens/" + "a".repeat(26)).status()).isEqualTo(404);
    assertThat(admin.post("/users/" + "a".repeat(26) + "/tokens", Map.of("description", "x")).status()).isEqualTo(404);
    assertThat(admin.get("/users/me/tokens?per_page=-1").status()).isEqualTo(400);
  }

  @Test
  void turningTheSettingOffRefusesCreationAndEveryToken() {
    ApiClient admin = node.admin();
    Created token = create(admin, "me", "before the switch");
    ApiClient script = as(token.token());
    assertThat(script.get("/users/me").status()).isEqualTo(200);
    try {
      assertThat(admin.put("/config/patch", Map.of("ServiceSettings", Map.of("EnableUserAccessTokens", false))).status())
          .isEqualTo(200);
      ApiClient.Response refused = admin.post("/users/me/tokens", Map.of("description", "after"));
      assertThat(refused.status()).isEqualTo(501);
      assertThat(refused.errorId()).isEqualTo("app.user_access_token.disabled");
      // The cached token sessions are dropped as the node applies the change (a database read away).
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(script.get("/users/me").status()).isEqualTo(401));
      // What exists can still be listed and revoked.
      assertThat(admin.get("/users/me/tokens").status()).isEqualTo(200);
    } finally {
      assertThat(admin.put("/config/patch", Map.of("ServiceSettings", Map.of("EnableUserAccessTokens", true))).status())
          .isEqualTo(200);
    }
    assertThat(script.get("/users/me").status()).as("the token was disabled by the setting, not revoked").isEqualTo(200);
  }
}
