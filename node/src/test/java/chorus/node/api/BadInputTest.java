package chorus.node.api;

import static chorus.node.api.ApiAssertions.assertError;
import static chorus.node.api.ApiAssertions.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.ApiClient.Response;
import chorus.node.testkit.TestNode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Requests a client should never send: oversized, malformed or mistyped bodies, malformed ids,
 * and calls beyond the caller's rights. Each must fail with Mattermost's status and error id and
 * leave the stored data as it was. The node's body limit is lowered to 1000 bytes.
 */
class BadInputTest {
  private static final int PAYLOAD_LIMIT = 1000;
  private static final String PASSWORD = "Passw0rd!";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static TestNode node;
  private static ApiClient admin;
  private static ApiClient user;
  private static String adminId;
  private static String userId;
  private static String teamId;
  private static String channelId;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of("MM_SERVICESETTINGS_MAXIMUMPAYLOADSIZEBYTES", Integer.toString(PAYLOAD_LIMIT)));
    admin = node.client();
    adminId = admin.signUp("admin").path("id").asText();
    user = node.client();
    userId = user.signUp("user").path("id").asText();
    teamId = user.createTeam("team").path("id").asText();
    channelId = user.createChannel(teamId, "chan").path("id").asText();
    user.createPost(channelId, "the only post");
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  private static List<String> postIds() {
    return ApiClient.texts(assertJson(user.get("/channels/" + channelId + "/posts?per_page=200"), 200).path("order"));
  }

  private static int userCount() {
    return assertJson(admin.get("/users?per_page=200"), 200).size();
  }

  private static int teamCount() {
    return assertJson(user.get("/users/me/teams"), 200).size();
  }

  // --- body size (413) ---

  @Test
  void aBodyOverTheLimitIsRejectedBeforeAnythingIsStored() {
    List<String> before = postIds();

    Response response = user.post("/posts", Map.of("channel_id", channelId, "message", "a".repeat(PAYLOAD_LIMIT)));

    assertError(response, 413, "api.context.request_body_too_large.app_error");
    assertThat(postIds()).isEqualTo(before);
  }

  @Test
  void aBodyJustUnderTheLimitIsAccepted() {
    String prefix = "{\"channel_id\":\"" + channelId + "\",\"message\":\"";
    String message = "b".repeat(PAYLOAD_LIMIT - prefix.length() - 2);
    String body = prefix + message + "\"}";
    assertThat(body.getBytes(StandardCharsets.UTF_8)).hasSize(PAYLOAD_LIMIT);

    JsonNode post = assertJson(user.post("/posts", body), 201);

    assertThat(post.path("message").asText()).isEqualTo(message);
    assertJson(user.delete("/posts/" + post.path("id").asText()), 200);
  }

  /** Without a Content-Length the limit must hold while the body streams in. */
  @Test
  void aChunkedBodyOverTheLimitIsRejected() throws Exception {
    List<String> before = postIds();
    byte[] body = JSON.writeValueAsBytes(Map.of("channel_id", channelId, "message", "c".repeat(5 * PAYLOAD_LIMIT)));

    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/api/v4/posts"))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + user.token())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
        .build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode error = JSON.readTree(response.body());
    assertThat(error.path("id").asText()).isEqualTo("api.context.request_body_too_large.app_error");
    assertThat(error.path("status_code").asInt()).isEqualTo(413);
    assertThat(error.path("request_id").asText()).isEqualTo(response.headers().firstValue("X-Request-ID").orElse(null));
    assertThat(postIds()).isEqualTo(before);
  }

  @Test
  void anOversizedSignUpCreatesNoAccount() {
    int before = userCount();
    String username = ApiClient.unique("big");

    Response response = node.client().post("/users", Map.of("username", username, "email", username + "@example.com",
        "password", PASSWORD, "nickname", "n".repeat(PAYLOAD_LIMIT)));

    assertError(response, 413, "api.context.request_body_too_large.app_error");
    assertThat(userCount()).isEqualTo(before);
  }

  // --- malformed and mistyped bodies (400) ---

  @Test
  void malformedJsonIsRejected() {
    List<String> before = postIds();
    int users = userCount();
    int teams = teamCount();

    for (String broken : List.of("{\"channel_id\": ", "{channel_id: \"x\"}", "not json", "")) {
      assertError(user.post("/posts", broken), 400, "api.context.invalid_body_param.app_error");
    }
    assertError(node.client().post("/users", "{\"username\": \"x"), 400, "api.context.invalid_body_param.app_error");
    assertError(user.post("/teams", "[{]"), 400, "api.context.invalid_body_param.app_error");
    assertError(node.client().post("/users/login", "{\"login_id\""), 400, "api.context.invalid_body_param.app_error");

    assertThat(postIds()).isEqualTo(before);
    assertThat(userCount()).isEqualTo(users);
    assertThat(teamCount()).isEqualTo(teams);
  }

  @Test
  void wrongJsonTypesAreRejected() {
    List<String> before = postIds();
    int teams = teamCount();

    for (String body : List.of("{\"channel_id\": 5, \"message\": \"x\"}",
        "{\"channel_id\": \"" + channelId + "\", \"message\": true}",
        "{\"channel_id\": \"" + channelId + "\", \"message\": 12}",
        "{\"channel_id\": \"" + channelId + "\", \"message\": {\"a\": 1}}",
        "{\"channel_id\": [\"" + channelId + "\"], \"message\": \"x\"}",
        "[\"" + channelId + "\", \"x\"]",
        "\"just a string\"",
        "null")) {
      assertError(user.post("/posts", body), 400, "api.context.invalid_body_param.app_error");
    }
    assertError(user.post("/teams", "{\"name\": 5, \"display_name\": \"x\", \"type\": \"O\"}"), 400, "api.context.invalid_body_param.app_error");
    assertError(user.put("/posts/" + before.get(0) + "/patch", "{\"message\": false}"), 400, "api.context.invalid_body_param.app_error");
    assertError(user.post("/channels/direct", "[1, 2]"), 400, "api.context.invalid_body_param.app_error");
    // A null in a list of ids (found by ApiFuzzTest: a 500 from /channels/direct).
    assertError(user.post("/channels/direct", "[null]"), 400, "api.context.invalid_body_param.app_error");
    assertError(user.post("/channels/direct", "[\"" + userId + "\", null]"), 400, "api.context.invalid_body_param.app_error");
    assertError(user.post("/users/ids", "[null]"), 400, "api.context.invalid_body_param.app_error");

    assertThat(postIds()).isEqualTo(before);
    assertThat(teamCount()).isEqualTo(teams);
    JsonNode post = assertJson(user.get("/posts/" + before.get(0)), 200);
    assertThat(post.path("message").asText()).isEqualTo("the only post");
  }

  /** Mattermost reads the login body as a map of strings; anything else does not decode. */
  @Test
  void aLoginBodyWithNonStringValuesIsRejected() {
    Response numeric = node.client().post("/users/login", "{\"login_id\": 1, \"password\": \"x\"}");
    Response bool = node.client().post("/users/login", "{\"login_id\": \"someone\", \"password\": true}");

    assertError(numeric, 400, "api.context.invalid_body_param.app_error");
    assertError(bool, 400, "api.context.invalid_body_param.app_error");
    assertThat(numeric.header("Token")).isNull();
  }

  // --- malformed ids in the URL (400) ---

  @Test
  void malformedIdsInThePathAreRejected() {
    for (String path : List.of("/channels/xyz", "/channels/xyz/posts", "/teams/xyz", "/posts/xyz", "/teams/" + teamId + "x",
        "/users/xyz", "/users/xyz/teams", "/users/xyz/teams/members", "/users/xyz/status", "/users/me/teams/xyz/channels",
        "/users/xyz/teams/" + teamId + "/channels", "/users/xyz/teams/" + teamId + "/channels/members")) {
      assertError(user.get(path), 400, "api.context.invalid_url_param.app_error");
    }
    assertError(user.delete("/posts/xyz"), 400, "api.context.invalid_url_param.app_error");
    assertError(user.put("/posts/xyz/patch", Map.of("message", "x")), 400, "api.context.invalid_url_param.app_error");
    assertError(user.post("/channels/xyz/members", Map.of("user_id", userId)), 400, "api.context.invalid_url_param.app_error");
    assertError(user.post("/teams/xyz/members", Map.of("team_id", "xyz", "user_id", userId)), 400, "api.context.invalid_url_param.app_error");
    assertError(user.post("/channels/members/xyz/view", Map.of("channel_id", channelId)), 400, "api.context.invalid_url_param.app_error");
    assertThat(postIds()).hasSize(1);
  }

  /**
   * Mattermost answers a bad cursor or time with 400 but files it under
   * {@code invalid_body_param}; only the status and the error shape are pinned here.
   */
  @Test
  void malformedCursorsAreRejected() {
    String posts = "/channels/" + channelId + "/posts";
    for (String query : List.of("?before=xyz", "?after=xyz", "?since=yesterday")) {
      JsonNode error = assertJson(user.get(posts + query), 400);
      assertThat(error.path("id").asText()).as(query).startsWith("api.context.invalid_");
      assertThat(error.path("status_code").asInt()).isEqualTo(400);
      assertThat(error.path("request_id").asText()).hasSize(26);
    }
  }

  // --- rights ---

  @Test
  void readingSomeoneElsesTeamsNeedsAnAdmin() {
    assertError(user.get("/users/" + adminId + "/teams"), 403, "api.context.permissions.app_error");
    assertError(user.get("/users/" + adminId + "/teams/members"), 403, "api.context.permissions.app_error");

    JsonNode teams = assertJson(admin.get("/users/" + userId + "/teams"), 200);
    JsonNode members = assertJson(admin.get("/users/" + userId + "/teams/members"), 200);

    assertThat(ApiAssertions.ids(teams)).contains(teamId);
    assertThat(ApiClient.find(members, "team_id", teamId)).isPresent();
  }

  @Test
  void readingSomeoneElsesChannelsIsForbidden() {
    assertError(node.client().withToken(user.token()).get("/users/" + adminId + "/teams/" + teamId + "/channels"),
        403, "api.context.permissions.app_error");
  }

  @Test
  void aUrlOverMaximumUrlLengthIsRefusedWith414() {
    Response response = user.get("/system/ping?padding=" + "x".repeat(2100));

    assertError(response, 414, "api.context.url_too_long.app_error");
    assertThat(user.get("/system/ping?padding=" + "x".repeat(1000)).status()).isEqualTo(200);
  }

  // --- control characters (400, nothing stored) ---

  /** PostgreSQL cannot store U+0000 in text: this was a 500 after the insert failed. */
  @Test
  void aNulInAPostMessageIsA400AndStoresNothing() {
    List<String> before = postIds();

    Response response = user.post("/posts", "{\"channel_id\":\"" + channelId + "\",\"message\":\"a\\u0000b\"}");

    JsonNode error = assertError(response, 400, "api.context.invalid_body_param.app_error");
    assertThat(error.path("detailed_error").asText()).isEmpty();
    assertThat(postIds()).isEqualTo(before);
  }

  @Test
  void otherControlCharactersInAnyStringOrFieldNameAreRefused() {
    List<String> before = postIds();
    int teams = teamCount();
    int users = userCount();
    String username = ApiClient.unique("ctl");

    assertError(user.post("/teams", Map.of("name", ApiClient.unique("bell"), "display_name", "Bell\u0007", "type", "O")),
        400, "api.context.invalid_body_param.app_error");
    assertError(user.post("/posts", Map.of("channel_id", channelId, "message", "ok", "props", Map.of("k", "esc\u001b"))),
        400, "api.context.invalid_body_param.app_error");
    assertError(user.post("/posts", Map.of("channel_id", channelId, "message", "ok", "props", Map.of("k\u0000", "v"))),
        400, "api.context.invalid_body_param.app_error");
    assertError(user.post("/posts", Map.of("channel_id", channelId, "message", "del\u007f")),
        400, "api.context.invalid_body_param.app_error");
    assertError(node.client().post("/users", Map.of("username", username, "email", username + "@example.com",
        "password", PASSWORD, "nickname", "nul\u0000")), 400, "api.context.invalid_body_param.app_error");
    assertError(node.client().post("/users/login", Map.of("login_id", username + "\u0000", "password", PASSWORD)),
        400, "api.context.invalid_body_param.app_error");

    assertThat(postIds()).isEqualTo(before);
    assertThat(teamCount()).isEqualTo(teams);
    assertThat(userCount()).isEqualTo(users);
  }

  @Test
  void tabsNewlinesAndCarriageReturnsStayInMessages() {
    String message = "line one\r\nline\ttwo\n";

    JsonNode post = assertJson(user.post("/posts", Map.of("channel_id", channelId, "message", message)), 201);

    assertThat(assertJson(user.get("/posts/" + post.path("id").asText()), 200).path("message").asText()).isEqualTo(message);
    assertJson(user.delete("/posts/" + post.path("id").asText()), 200);
  }

  // --- refusals of the HTTP layer itself, in Mattermost's shape ---

  @Test
  void aHeaderOverTheParserLimitIsA431InMattermostsShape() {
    Response response = user.send("GET", "/users/me", null, Map.of("X-Padding", "p".repeat(20_000)));

    assertError(response, 431, "api.context.invalid_param.app_error");
  }

  @Test
  void aMalformedRequestLineIsA400InMattermostsShape() throws Exception {
    RawResponse response = RawResponse.exchange(node.baseUrl(), "GET /api/v4/system/ping%zz HTTP/1.1\r\nHost: x\r\n\r\n");

    assertThat(response.status()).as(response.text()).isEqualTo(400);
    assertThat(response.header("content-type")).isEqualTo("application/json");
    JsonNode error = JSON.readTree(response.body());
    assertThat(error.path("id").asText()).isEqualTo("api.context.invalid_param.app_error");
    assertThat(error.path("status_code").asInt()).isEqualTo(400);
    assertThat(error.path("request_id").asText()).hasSize(26).isEqualTo(response.header("x-request-id"));
  }

  /** Pekko's parser answers a method token it does not know with 501 itself; the body is still Mattermost's. */
  @Test
  void anUnknownMethodIsRefusedInMattermostsShape() throws Exception {
    RawResponse response = RawResponse.exchange(node.baseUrl(), "BREW /api/v4/system/ping HTTP/1.1\r\nHost: x\r\n\r\n");

    assertThat(response.status()).as(response.text()).isEqualTo(501);
    assertThat(response.header("content-type")).isEqualTo("application/json");
    assertThat(JSON.readTree(response.body()).path("status_code").asInt()).isEqualTo(response.status());
  }

  @Test
  void aKnownPathWithTheWrongMethodIsA405InMattermostsShape() {
    assertError(user.send("PATCH", "/system/ping", null, Map.of()), 405, "api.context.405.app_error");
  }
}
