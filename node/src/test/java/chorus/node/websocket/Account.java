package chorus.node.websocket;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.TestNode;
import chorus.node.testkit.WsClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** A freshly signed-up user with a logged-in REST client: every test makes its own. */
record Account(ApiClient api, String id, String username) {

  static Account signUp(TestNode node, String prefix) {
    ApiClient api = node.client();
    JsonNode user = api.signUp(prefix);
    return new Account(api, user.path("id").asText(), user.path("username").asText());
  }

  String token() {
    return api.token();
  }

  /** A socket authenticated by challenge; hello has arrived when this returns. */
  WsClient connect(TestNode node) {
    return WsClient.authenticated(node.webSocketUrl(), token());
  }

  /** Adds {@code member} to a team this account belongs to (and so to its default channels). */
  void addToTeam(String teamId, Account member) {
    ApiClient.Response response = api.post("/teams/" + teamId + "/members", Map.of("team_id", teamId, "user_id", member.id()));
    expect(response, 201);
  }

  /** Adds {@code member} to a channel this account belongs to. */
  void addToChannel(String channelId, Account member) {
    expect(api.post("/channels/" + channelId + "/members", Map.of("user_id", member.id())), 201);
  }

  static void expect(ApiClient.Response response, int status) {
    if (response.status() != status) {
      throw new AssertionError("expected " + status + " but got " + response.status() + ": " + response.rawBody());
    }
  }
}
