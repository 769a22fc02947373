package chorus.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * A blocking API v4 client for the simple measurements ({@link SequentialPosts},
 * {@link ConcurrentPosts}): one user signed up and logged in, a team of theirs, and calls
 * that fail loudly on an unexpected status. Safe to share between threads.
 */
final class SimpleApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String name = "bench" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  private volatile String token;

  SimpleApi(String baseUrl) {
    this.base = baseUrl.replaceAll("/+$", "") + "/api/v4";
  }

  /** Signs a fresh user up, logs in, and creates a team; returns the team's id. */
  String signUpWithTeam() throws Exception {
    call("POST", "/users", Map.of("username", name, "email", name + "@example.com", "password", "Passw0rd!"), 201);
    HttpResponse<String> login = send("POST", "/users/login", Map.of("login_id", name, "password", "Passw0rd!"));
    token = login.headers().firstValue("Token").orElseThrow(() -> new IllegalStateException("login failed: " + login.body()));
    return call("POST", "/teams", Map.of("name", name, "display_name", name, "type", "O"), 201).path("id").asText();
  }

  String createChannel(String teamId, String suffix) throws Exception {
    return call("POST", "/channels", Map.of("team_id", teamId, "name", name + suffix, "display_name", name + suffix, "type", "O"),
        201).path("id").asText();
  }

  HttpResponse<String> ping() throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + "/system/ping")).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  JsonNode call(String method, String path, Object body, int expected) throws Exception {
    HttpResponse<String> response = send(method, path, body);
    if (response.statusCode() != expected) {
      throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  HttpResponse<String> send(String method, String path, Object body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    String current = token;
    if (current != null) {
      request.header("Authorization", "Bearer " + current);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
