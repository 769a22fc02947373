package chorus.node.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** A plain HTTP client for API tests; it remembers the session token after {@link #login}. */
public final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;
  private String token;

  public ApiClient(String baseUrl) {
    this.baseUrl = baseUrl;
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
    return token;
  }

  public ApiClient withToken(String value) {
    this.token = value;
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
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v4" + path)).timeout(Duration.ofSeconds(30));
      String payload = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
      request.method(method, payload == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(payload));
      if (payload != null) {
        request.header("Content-Type", "application/json");
      }
      if (token != null) {
        request.header("Authorization", "Bearer " + token);
      }
      headers.forEach(request::header);
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json = null;
      if (response.headers().firstValue("Content-Type").orElse("").equals("application/json")) {
        json = JSON.readTree(response.body());
      }
      return new Response(response.statusCode(), json, response.body(), response);
    } catch (Exception e) {
      throw new IllegalStateException(method + " " + path + " failed", e);
    }
  }

  /** Sends a raw body with its own content type (multipart uploads, file bodies). */
  public Response sendBody(String method, String path, byte[] body, String contentType) {
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v4" + path)).timeout(Duration.ofSeconds(60))
          .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
      if (contentType != null) {
        request.header("Content-Type", contentType);
      }
      if (token != null) {
        request.header("Authorization", "Bearer " + token);
      }
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json = response.headers().firstValue("Content-Type").orElse("").equals("application/json") ? JSON.readTree(response.body()) : null;
      return new Response(response.statusCode(), json, response.body(), response);
    } catch (Exception e) {
      throw new IllegalStateException(method + " " + path + " failed", e);
    }
  }

  /** A GET whose body is bytes (file downloads). */
  public HttpResponse<byte[]> getBytes(String path) {
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v4" + path)).timeout(Duration.ofSeconds(60));
      if (token != null) {
        request.header("Authorization", "Bearer " + token);
      }
      return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (Exception e) {
      throw new IllegalStateException("GET " + path + " failed", e);
    }
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
    token = response.header("Token");
    return response.body();
  }

  /** Creates a user and logs this client in as that user; returns the user. */
  public JsonNode signUp(String prefix) {
    String username = unique(prefix);
    createUser(username, "Passw0rd!");
    return login(username, "Passw0rd!");
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
