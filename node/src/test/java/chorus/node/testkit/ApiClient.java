package chorus.node.testkit;

import chorus.client.ChorusClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The API tests' client: the project's one REST client ({@link ChorusClient}) underneath, with
 * the status, headers and JSON body of every answer kept for the test to assert on, whatever
 * the status; it remembers the session token after {@link #login}.
 */
public final class ApiClient {
  /** The password of every account {@link #signUp} makes. */
  public static final String PASSWORD = "Passw0rd!";
  private static final ObjectMapper JSON = new ObjectMapper();
  private ChorusClient client;

  public ApiClient(String baseUrl) {
    this.client = ChorusClient.anonymous(baseUrl);
  }

  public record Response(int status, JsonNode body, String rawBody, HttpResponse<String> raw) {
    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    public List<String> headers(String name) {
      return raw.headers().allValues(name);
    }

    public String errorId() {
      return body == null ? null : body.path("id").asText(null);
    }
  }

  public String token() {
    return client.token().orElse(null);
  }

  public ApiClient withToken(String value) {
    client = client.withSessionToken(value);
    return this;
  }

  public Response get(String path) {
    return send("GET", path, null, Map.of());
  }

  public Response post(String path, Object body) {
    return send("POST", path, body, Map.of());
  }

  public Response put(String path, Object body) {
    return send("PUT", path, body, Map.of());
  }

  public Response delete(String path) {
    return send("DELETE", path, null, Map.of());
  }

  /** Sends {@code body} as JSON (a String is sent verbatim, so tests can send broken JSON). */
  public Response send(String method, String path, Object body, Map<String, String> headers) {
    try {
      String payload = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
      Map<String, String> all = new LinkedHashMap<>();
      if (payload != null) {
        all.put("Content-Type", "application/json");
      }
      all.putAll(headers);
      return answer(client.exchange(method, path,
          payload == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(payload), all,
          HttpResponse.BodyHandlers.ofString()));
    } catch (Exception e) {
      throw new IllegalStateException(method + " " + path + " failed", e);
    }
  }

  /** Sends a raw body with its own content type (multipart uploads, file bodies). */
  public Response sendBody(String method, String path, byte[] body, String contentType) {
    try {
      Map<String, String> headers = contentType == null ? Map.of() : Map.of("Content-Type", contentType);
      return answer(client.exchange(method, path, HttpRequest.BodyPublishers.ofByteArray(body), headers,
          HttpResponse.BodyHandlers.ofString()));
    } catch (Exception e) {
      throw new IllegalStateException(method + " " + path + " failed", e);
    }
  }

  /** A GET whose body is bytes (file downloads). */
  public HttpResponse<byte[]> getBytes(String path) {
    return client.exchange("GET", path, HttpRequest.BodyPublishers.noBody(), Map.of(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static Response answer(HttpResponse<String> response) throws Exception {
    JsonNode json = response.headers().firstValue("Content-Type").orElse("").equals("application/json")
        ? JSON.readTree(response.body()) : null;
    return new Response(response.statusCode(), json, response.body(), response);
  }

  // --- small flows most tests need ---

  public static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  public JsonNode createUser(String username, String password) {
    Response response = post("/users", Map.of("username", username, "email", username + "@example.com", "password", password));
    require(response, 201);
    return response.body();
  }

  public JsonNode login(String loginId, String password) {
    Response response = post("/users/login", Map.of("login_id", loginId, "password", password));
    require(response, 200);
    withToken(response.header("Token"));
    return response.body();
  }

  /** Creates a user and logs this client in as that user; returns the user. */
  public JsonNode signUp(String prefix) {
    String username = unique(prefix);
    createUser(username, PASSWORD);
    return login(username, PASSWORD);
  }

  public JsonNode createTeam(String prefix) {
    Response response = post("/teams", Map.of("name", unique(prefix), "display_name", "Team " + prefix, "type", "O"));
    require(response, 201);
    return response.body();
  }

  public JsonNode createChannel(String teamId, String prefix) {
    Response response = post("/channels", Map.of("team_id", teamId, "name", unique(prefix), "display_name", "Channel " + prefix, "type", "O"));
    require(response, 201);
    return response.body();
  }

  public JsonNode createPost(String channelId, String message) {
    Response response = post("/posts", Map.of("channel_id", channelId, "message", message));
    require(response, 201);
    return response.body();
  }

  public static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  public static Optional<JsonNode> find(JsonNode array, String field, String value) {
    for (JsonNode node : array) {
      if (value.equals(node.path(field).asText())) {
        return Optional.of(node);
      }
    }
    return Optional.empty();
  }

  private static void require(Response response, int status) {
    if (response.status() != status) {
      throw new AssertionError("expected " + status + " but got " + response.status() + ": " + response.rawBody());
    }
  }
}
