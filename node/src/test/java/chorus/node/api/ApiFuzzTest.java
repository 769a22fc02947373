package chorus.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.TestNode;
import chorus.node.testkit.WsClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Generated hostile requests against every API route and the WebSocket actions, from one seeded
 * {@link Random}: bodies of random JSON shapes, valid bodies with one field replaced by a wrong
 * type, a control character or a huge value, broken JSON and invalid UTF-8, path ids that are
 * garbage or belong to someone else, random query parameters, and no, someone else's or a
 * made-up session. Every response must be below 500 and every error must be Mattermost's JSON
 * error body; afterwards the stored rows and a known post are as they were.
 *
 * <p>The suite runs seed {@value #SUITE_SEED} (the run that found a null inside a list of ids);
 * {@code -Dchorus.fuzz.seed=random} draws a new one. The seed is printed;
 * {@code -Dchorus.fuzz.seed=N} replays a run, and
 * {@code -Dchorus.fuzz.requests=N} changes its length.
 *
 * <p>The fuzzing user never holds a session that could change someone else's data, and every
 * body it sends to a route that creates something is broken on purpose, so any stored change is
 * a finding, not noise. Its own write routes that would succeed with a plain path (deleting its
 * own post, leaving its own channel, logging itself out) get only other people's or garbage ids.
 */
class ApiFuzzTest {
  private static final long SUITE_SEED = 7959379911571L;
  private static final int PAYLOAD_LIMIT = 32 * 1024;
  private static final int HUGE = PAYLOAD_LIMIT + 1000;
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The only 5xx Mattermost's contract has on these routes: the client config and licence without format=old. */
  private static final List<String> CONTRACT_501 = List.of("api.config.client.old_format.app_error", "api.license.client.old_format.app_error");
  private static final List<String> TABLES = List.of("users", "teams", "team_members", "channels", "channel_members", "posts", "file_info");

  /** A route: method, path template ({@code {user_id}} etc.), a valid body to mutate (null: no body). */
  private record Route(String method, String path, String template, boolean ownIdsAllowed) {}

  private static final List<Route> ROUTES = List.of(
      new Route("GET", "/system/ping", null, true),
      new Route("GET", "/config/client", null, true),
      new Route("GET", "/license/client", null, true),
      new Route("GET", "/limits/server", null, true),
      new Route("POST", "/roles/names", "[\"system_user\",\"team_user\"]", true),
      new Route("GET", "/roles/name/system_user", null, true),
      new Route("POST", "/users", "{\"username\":\"fuzzed\",\"email\":\"fuzzed@example.com\",\"password\":\"Passw0rd!\"}", true),
      new Route("GET", "/users", null, true),
      new Route("POST", "/users/login", "{\"login_id\":\"nobody-here\",\"password\":\"Passw0rd!\"}", true),
      new Route("POST", "/users/logout", null, false),
      new Route("POST", "/users/ids", "[\"{user_id}\"]", true),
      new Route("GET", "/users/{user_id}", null, true),
      new Route("GET", "/users/{user_id}/teams", null, true),
      new Route("GET", "/users/{user_id}/teams/members", null, true),
      new Route("GET", "/users/{user_id}/teams/unread", null, true),
      new Route("GET", "/users/{user_id}/teams/{team_id}/channels", null, true),
      new Route("GET", "/users/{user_id}/teams/{team_id}/channels/members", null, true),
      new Route("PUT", "/users/{user_id}/password", "{\"current_password\":\"not-it\",\"new_password\":\"N3wPassw0rd!\"}", false),
      new Route("PUT", "/users/{user_id}/active", "{\"active\":false}", true),
      new Route("PUT", "/users/{user_id}/roles", "{\"roles\":\"system_user system_admin\"}", true),
      new Route("POST", "/users/{user_id}/tokens", "{\"description\":\"fuzz\"}", true),
      new Route("GET", "/users/{user_id}/tokens", null, true),
      new Route("GET", "/users/tokens", null, true),
      new Route("GET", "/users/tokens/{post_id}", null, true),
      new Route("POST", "/users/tokens/revoke", "{\"token_id\":\"{post_id}\"}", true),
      new Route("POST", "/users/tokens/disable", "{\"token_id\":\"{post_id}\"}", true),
      new Route("POST", "/users/tokens/enable", "{\"token_id\":\"{post_id}\"}", true),
      new Route("GET", "/users/{user_id}/preferences", null, true),
      new Route("PUT", "/users/{user_id}/preferences", "[{\"user_id\":\"{user_id}\",\"category\":\"display_settings\",\"name\":\"x\",\"value\":\"1\"}]", true),
      new Route("POST", "/users/{user_id}/preferences/delete", "[{\"user_id\":\"{user_id}\",\"category\":\"display_settings\",\"name\":\"x\",\"value\":\"1\"}]", true),
      new Route("GET", "/users/{user_id}/preferences/display_settings/name/x", null, true),
      new Route("GET", "/users/{user_id}/status", null, true),
      new Route("PUT", "/users/{user_id}/status", "{\"user_id\":\"{user_id}\",\"status\":\"away\"}", true),
      new Route("POST", "/users/status/ids", "[\"{user_id}\"]", true),
      new Route("POST", "/teams", "{\"name\":\"fuzzteam\",\"display_name\":\"Fuzz\",\"type\":\"O\"}", true),
      new Route("GET", "/teams/{team_id}", null, true),
      new Route("POST", "/teams/{team_id}/members", "{\"team_id\":\"{team_id}\",\"user_id\":\"{user_id}\"}", false),
      new Route("PUT", "/teams/{team_id}/patch", "{\"display_name\":\"Fuzz\",\"allowed_domains\":\"\",\"allow_open_invite\":true}", true),
      new Route("POST", "/teams/{team_id}/regenerate_invite_id", null, true),
      new Route("POST", "/teams/members/invite", null, true),
      new Route("GET", "/teams/invite/{team_id}", null, true),
      new Route("POST", "/channels", "{\"team_id\":\"{team_id}\",\"name\":\"fuzzchan\",\"display_name\":\"Fuzz\",\"type\":\"O\"}", true),
      new Route("POST", "/channels/direct", "[\"{user_id}\",\"{other_user_id}\"]", true),
      new Route("POST", "/channels/members/{user_id}/view", "{\"channel_id\":\"{channel_id}\",\"prev_channel_id\":\"\"}", true),
      new Route("GET", "/channels/{channel_id}", null, true),
      new Route("POST", "/channels/{channel_id}/members", "{\"user_id\":\"{user_id}\"}", false),
      new Route("DELETE", "/channels/{channel_id}/members/{user_id}", null, false),
      new Route("PUT", "/users/{user_id}/patch", "{\"nickname\":\"fuzzed\",\"position\":\"fuzz\",\"locale\":\"en\"}", true),
      new Route("PUT", "/users/{user_id}", "{\"id\":\"{user_id}\",\"nickname\":\"fuzzed\"}", true),
      new Route("DELETE", "/teams/{team_id}/members/{user_id}", null, false),
      new Route("PUT", "/channels/{channel_id}/patch", "{\"header\":\"fuzzed\",\"purpose\":\"fuzz\"}", true),
      new Route("DELETE", "/channels/{channel_id}", null, false),
      new Route("POST", "/channels/{channel_id}/restore", null, true),
      new Route("POST", "/channels/group", "[\"{user_id}\",\"{other_user_id}\"]", true),
      new Route("POST", "/reactions", "{\"user_id\":\"{user_id}\",\"post_id\":\"{post_id}\",\"emoji_name\":\"fuzz\"}", true),
      new Route("GET", "/posts/{post_id}/reactions", null, true),
      new Route("POST", "/posts/ids/reactions", "[\"{post_id}\"]", true),
      new Route("DELETE", "/users/{user_id}/posts/{post_id}/reactions/fuzz", null, true),
      new Route("POST", "/posts", "{\"channel_id\":\"{channel_id}\",\"message\":\"fuzzed\",\"root_id\":\"\"}", true),
      new Route("GET", "/posts/{post_id}", null, true),
      new Route("DELETE", "/posts/{post_id}", null, false),
      new Route("PUT", "/posts/{post_id}/patch", "{\"message\":\"patched\"}", true),
      new Route("GET", "/channels/{channel_id}/posts", null, true),
      new Route("POST", "/teams/{team_id}/posts/search", "{\"terms\":\"hello\",\"is_or_search\":false}", true),
      new Route("POST", "/users/search", "{\"term\":\"f\",\"team_id\":\"{team_id}\",\"not_in_channel_id\":\"{channel_id}\",\"limit\":10}", true),
      new Route("GET", "/users/autocomplete", null, true),
      new Route("POST", "/teams/{team_id}/channels/search", "{\"term\":\"f\"}", true),
      new Route("GET", "/teams/{team_id}/channels/autocomplete", null, true),
      new Route("GET", "/teams/{team_id}/channels/search_autocomplete", null, true),
      new Route("POST", "/files", null, false),
      new Route("GET", "/files/{file_id}", null, true),
      new Route("GET", "/files/{file_id}/info", null, true),
      new Route("GET", "/files/{file_id}/thumbnail", null, true),
      new Route("GET", "/files/{file_id}/preview", null, true),
      new Route("GET", "/posts/{post_id}/files/info", null, true),
      new Route("GET", "/cluster/status", null, true),
      new Route("POST", "/config/reload", null, true),
      new Route("POST", "/database/recycle", null, true),
      new Route("GET", "/database/status", null, true),
      new Route("GET", "/websocket", null, true),
      new Route("GET", "/no/such/route", null, true));

  private static final List<String> QUERY_NAMES = List.of("page", "per_page", "since", "before", "after", "format", "get_server_status",
      "use_rest_semantics", "include_deleted", "set_online", "channel_id", "filename", "client_id", "download", "connection_id",
      "sequence_number", "access_token", "invite_id", "token", "name", "in_team", "in_channel", "limit");

  private static TestNode node;
  private static ApiClient victim;
  private static ApiClient fuzzer;
  private static Map<String, List<String>> ids;
  private static String victimPostId;
  private static String victimPostMessage;
  private static String fuzzerPostId;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of("MM_SERVICESETTINGS_MAXIMUMPAYLOADSIZEBYTES", Integer.toString(PAYLOAD_LIMIT)));
    // The first account is the system admin: the victim, whose session the fuzzer never uses.
    victim = node.client();
    String victimId = victim.signUp("victim").path("id").asText();
    String victimTeam = victim.createTeam("vteam").path("id").asText();
    String victimChannel = victim.createChannel(victimTeam, "vchan").path("id").asText();
    victimPostMessage = "the victim's post, never to change";
    victimPostId = victim.createPost(victimChannel, victimPostMessage).path("id").asText();

    fuzzer = node.client();
    String fuzzerId = fuzzer.signUp("fuzzer").path("id").asText();
    String fuzzerTeam = fuzzer.createTeam("fteam").path("id").asText();
    String fuzzerChannel = fuzzer.createChannel(fuzzerTeam, "fchan").path("id").asText();
    fuzzerPostId = fuzzer.createPost(fuzzerChannel, "the fuzzer's own post").path("id").asText();

    ids = Map.of(
        "user_id", List.of(victimId, fuzzerId, "me"),
        "team_id", List.of(victimTeam, fuzzerTeam),
        "channel_id", List.of(victimChannel, fuzzerChannel),
        "post_id", List.of(victimPostId, fuzzerPostId),
        // No file is ever stored: a well-formed id that names nothing.
        "file_id", List.of("abcdefghijklmnopqrstuvwxyz"));
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void hostileRequestsNeverFailTheServerOrChangeStoredData() throws Exception {
    // The suite runs one fixed seed, so a build fails on a regression, not on the luck of the
    // draw; -Dchorus.fuzz.seed=random explores new ones, and N replays a run.
    String chosen = System.getProperty("chorus.fuzz.seed", Long.toString(SUITE_SEED));
    long seed = "random".equals(chosen) ? System.nanoTime() : Long.parseLong(chosen);
    int requests = Integer.getInteger("chorus.fuzz.requests", 5000);
    int frames = Integer.getInteger("chorus.fuzz.frames", 500);
    System.out.println("ApiFuzzTest seed " + seed + " (replay with -Dchorus.fuzz.seed=" + seed + ")");
    FuzzValues values = new FuzzValues(new Random(seed), HUGE);
    Map<String, Long> rowsBefore = rowCounts();
    List<String> findings = new ArrayList<>();
    List<String> unanswered = new ArrayList<>();
    Map<Integer, Integer> statuses = new java.util.TreeMap<>();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    long started = System.nanoTime();

    for (int i = 0; i < requests; i++) {
      Route route = values.pick(ROUTES);
      Fuzzed request = fuzz(route, values);
      HttpResponse<String> response;
      try {
        response = http.send(request.build(node.baseUrl()), HttpResponse.BodyHandlers.ofString());
      } catch (java.io.IOException e) {
        if (request.body() != null && request.body().length > PAYLOAD_LIMIT) {
          // Known and reported, not fixed, cause not established (README, Fuzzing): now and then
          // a POST or PUT with a body over the limit sees its connection close instead of a 413.
          unanswered.add(request + " -> " + e.getMessage());
        } else {
          findings.add(request + " -> no response: " + e);
        }
        continue;
      }
      statuses.merge(response.statusCode(), 1, Integer::sum);
      check(request, response).ifPresent(findings::add);
    }
    int sentFrames = fuzzWebSocket(values, frames, findings);
    long tookMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
    System.out.println("ApiFuzzTest: " + requests + " HTTP requests and " + sentFrames + " WebSocket frames in " + tookMs
        + " ms, seed " + seed + ", " + findings.size() + " findings, " + unanswered.size() + " over-limit bodies without an answer; HTTP statuses " + statuses);
    findings.stream().limit(40).forEach(f -> System.out.println("  finding: " + f));
    unanswered.forEach(u -> System.out.println("  over-limit body without an answer (known): " + u));

    assertThat(findings).as("findings with seed %d", seed).isEmpty();
    assertThat(rowCounts()).as("stored rows after fuzzing (seed %d)", seed).isEqualTo(rowsBefore);
    assertThat(victim.get("/posts/" + victimPostId).body().path("message").asText()).isEqualTo(victimPostMessage);
    assertThat(fuzzer.get("/posts/" + fuzzerPostId).body().path("message").asText()).isEqualTo("the fuzzer's own post");
    assertThat(fuzzer.get("/users/me").status()).as("the fuzzer's session survived").isEqualTo(200);
  }

  /** One generated request, printable so a finding names what was sent. */
  private record Fuzzed(String method, String pathAndQuery, byte[] body, String contentType, String authorization) {
    HttpRequest build(String baseUrl) {
      HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v4" + pathAndQuery))
          .timeout(Duration.ofSeconds(30))
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
      if (contentType != null) {
        builder.header("Content-Type", contentType);
      }
      if (authorization != null) {
        builder.header("Authorization", authorization);
      }
      return builder.build();
    }

    @Override
    public String toString() {
      String shown = body == null ? "" : new String(body, 0, Math.min(body.length, 160), StandardCharsets.UTF_8);
      return method + " " + (pathAndQuery.length() > 200 ? pathAndQuery.substring(0, 200) + "..." : pathAndQuery)
          + (body == null ? "" : " body(" + body.length + " bytes): " + shown.replaceAll("\\p{Cntrl}", "?"))
          + (authorization == null ? " [no session]" : "");
    }
  }

  private static Fuzzed fuzz(Route route, FuzzValues values) {
    String path = route.path();
    for (String name : List.of("user_id", "team_id", "channel_id", "post_id", "file_id")) {
      while (path.contains("{" + name + "}")) {
        path = path.replaceFirst("\\{" + name + "}", pathValue(name, route.ownIdsAllowed(), values));
      }
    }
    String query = query(route, values);
    String authorization = switch (values.nextInt(10)) {
      case 0 -> null;
      case 1 -> "Bearer " + values.urlString().replaceAll("[\\p{Cntrl}\\P{ASCII}]", "x");
      default -> "Bearer " + fuzzer.token();
    };
    if (route.path().equals("/users/logout")) {
      // The fuzzer's own session is never logged out: a made-up one, or none.
      authorization = values.chance(50) ? null : "Bearer abcdefghijklmnopqrstuvwxyz";
    }
    byte[] body = null;
    String contentType = null;
    if (!route.method().equals("GET") || values.chance(10)) {
      body = body(route, values);
      contentType = values.pick(List.of("application/json", "application/json", "application/json", "text/plain",
          "multipart/form-data; boundary=xyz", "application/x-www-form-urlencoded"));
      if (values.chance(5)) {
        contentType = null;
      }
    }
    return new Fuzzed(route.method(), path + query, body, contentType, authorization);
  }

  /** An id for a path: someone's real one (one's own only where using it is harmless), or garbage. */
  private static String pathValue(String name, boolean ownIdsAllowed, FuzzValues values) {
    if (values.chance(50)) {
      List<String> real = ids.get(name);
      return ownIdsAllowed ? values.pick(real) : real.get(0);
    }
    return encode(values.urlString());
  }

  private static String query(Route route, FuzzValues values) {
    if (route.path().equals("/files")) {
      // An upload into the fuzzer's own channel would succeed: only the victim's or garbage.
      return "?channel_id=" + (values.chance(50) ? ids.get("channel_id").get(0) : encode(values.urlString()))
          + "&filename=" + encode(values.urlString());
    }
    if (values.chance(40)) {
      return "";
    }
    StringBuilder query = new StringBuilder("?");
    int n = 1 + values.nextInt(4);
    for (int i = 0; i < n; i++) {
      String name = values.chance(80) ? values.pick(QUERY_NAMES) : encode(values.urlString());
      String value = values.chance(30) ? values.pick(List.of("0", "-1", "1", "old", "true", "false", "200", "99999999999999999999"))
          : encode(values.urlString());
      query.append(i == 0 ? "" : "&").append(name).append('=').append(value);
    }
    return query.toString();
  }

  /** A body: broken text, a random JSON value, or the route's valid body with one value made invalid. */
  private static byte[] body(Route route, FuzzValues values) {
    int kind = values.nextInt(10);
    if (kind < 2) {
      return values.brokenJson();
    }
    if (kind < 5 || route.template() == null) {
      return values.json(3).getBytes(StandardCharsets.UTF_8);
    }
    String template = route.template();
    for (Map.Entry<String, List<String>> entry : ids.entrySet()) {
      template = template.replace("{" + entry.getKey() + "}", entry.getValue().get(0));
    }
    template = template.replace("{other_user_id}", ids.get("user_id").get(1));
    return mutate(template, values).getBytes(StandardCharsets.UTF_8);
  }

  /** Replaces one value of the template (an object's field or an array's element) by one no route accepts. */
  private static String mutate(String template, FuzzValues values) {
    try {
      JsonNode tree = JSON.readTree(template);
      if (tree.isArray()) {
        List<String> elements = new ArrayList<>();
        tree.forEach(e -> elements.add(e.toString()));
        elements.set(values.nextInt(elements.size()), values.notAString("element"));
        return "[" + String.join(",", elements) + "]";
      }
      Map<String, String> fields = new LinkedHashMap<>();
      tree.properties().forEach(f -> fields.put(f.getKey(), f.getValue().toString()));
      List<String> names = new ArrayList<>(fields.keySet());
      String target = values.pick(names);
      fields.put(target, values.notAString(target));
      StringBuilder out = new StringBuilder("{");
      fields.forEach((k, v) -> out.append(out.length() == 1 ? "" : ",").append(FuzzValues.quote(k)).append(':').append(v));
      return out.append('}').toString();
    } catch (Exception e) {
      throw new IllegalStateException("bad template " + template, e);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Below 500, and an error is Mattermost's JSON body whose status_code is the HTTP status. */
  private static java.util.Optional<String> check(Fuzzed request, HttpResponse<String> response) {
    int status = response.statusCode();
    if (status >= 500 && !(status == 501 && CONTRACT_501.contains(errorId(response.body())))) {
      return java.util.Optional.of(request + " -> " + status + " " + clip(response.body()));
    }
    if (status < 400) {
      return java.util.Optional.empty();
    }
    String contentType = response.headers().firstValue("Content-Type").orElse("");
    if (!contentType.equals("application/json")) {
      return java.util.Optional.of(request + " -> " + status + " with Content-Type " + contentType + ": " + clip(response.body()));
    }
    try {
      JsonNode body = JSON.readTree(response.body());
      if (!body.path("id").isTextual() || body.path("id").asText().isEmpty() || !body.path("message").isTextual()
          || body.path("status_code").asInt() != status || !body.has("detailed_error") || !body.path("request_id").isTextual()) {
        return java.util.Optional.of(request + " -> " + status + " not in Mattermost's error shape: " + clip(response.body()));
      }
    } catch (Exception e) {
      return java.util.Optional.of(request + " -> " + status + " unparsable body: " + clip(response.body()));
    }
    return java.util.Optional.empty();
  }

  private static String errorId(String body) {
    try {
      return JSON.readTree(body).path("id").asText("");
    } catch (Exception e) {
      return "";
    }
  }

  private static String clip(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }

  /**
   * Random frames on an authenticated socket: known and unknown actions, data of random shapes,
   * seq of every type, and text that is not JSON. A FAIL reply must carry Mattermost's error; the
   * only 500 Mattermost itself answers is {@code bad_action} for an unknown action. A socket the
   * server closes (a frame over its limit) is opened again.
   */
  private static int fuzzWebSocket(FuzzValues values, int frames, List<String> findings) {
    List<String> actions = List.of("ping", "user_typing", "user_update_active_status", "get_statuses_by_ids", "get_statuses",
        "authentication_challenge", "", "no_such_action");
    WsClient socket = WsClient.authenticated(node.webSocketUrl(), fuzzer.token());
    List<WsClient> sockets = new ArrayList<>(List.of(socket));
    int sent = 0;
    for (int i = 0; i < frames; i++) {
      if (socket.closed().isDone()) {
        socket = WsClient.authenticated(node.webSocketUrl(), fuzzer.token());
        sockets.add(socket);
      }
      String frame = switch (values.nextInt(6)) {
        case 0 -> new String(values.brokenJson(), StandardCharsets.UTF_8);
        case 1 -> values.json(3);
        default -> "{\"seq\":" + (values.chance(70) ? Integer.toString(1 + i) : values.json(1)) + ",\"action\":"
            + (values.chance(80) ? FuzzValues.quote(values.pick(actions)) : values.json(1))
            + ",\"data\":" + (values.chance(30) ? values.object(2)
                : "{\"channel_id\":" + FuzzValues.quote(values.chance(50) ? ids.get("channel_id").get(0) : values.string())
                    + ",\"user_ids\":" + values.array(1) + ",\"manual\":" + values.json(0) + ",\"parent_id\":" + values.json(0) + "}")
            + "}";
      };
      try {
        socket.sendRaw(frame);
        sent++;
      } catch (RuntimeException e) {
        // The server closed the socket as this frame went out; the next round opens a new one.
      }
    }
    // Every frame has been answered (or the socket closed) once a ping sent last is answered.
    // The last socket may still be closed by the server for its last frame: either ends the wait.
    WsClient last = socket;
    if (!last.closed().isDone()) {
      try {
        last.sendRaw("{\"seq\":987654321,\"action\":\"ping\",\"data\":{}}");
      } catch (RuntimeException closedMeanwhile) {
        // closed() completes with it
      }
      Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> last.closed().isDone()
          || last.frames().stream().anyMatch(f -> f.path("seq_reply").asLong() == 987654321));
    }
    for (WsClient s : sockets) {
      for (JsonNode reply : s.frames()) {
        if (!reply.has("status")) {
          continue;
        }
        JsonNode error = reply.path("error");
        if ("FAIL".equals(reply.path("status").asText())) {
          int code = error.path("status_code").asInt();
          boolean shape = error.path("id").isTextual() && !error.path("id").asText().isEmpty() && error.path("message").isTextual();
          boolean allowed500 = code == 500 && error.path("id").asText().equals("api.web_socket_router.bad_action.app_error");
          if (!shape || code == 0 || (code >= 500 && !allowed500)) {
            findings.add("WebSocket reply " + clip(reply.toString()));
          }
        }
      }
      s.close();
    }
    return sent;
  }

  private static Map<String, Long> rowCounts() throws Exception {
    Map<String, Long> counts = new LinkedHashMap<>();
    try (Connection c = node.node().dataSources().primaryDataSource().getConnection(); Statement st = c.createStatement()) {
      for (String table : TABLES) {
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
          rs.next();
          counts.put(table, rs.getLong(1));
        }
      }
    }
    return counts;
  }
}
