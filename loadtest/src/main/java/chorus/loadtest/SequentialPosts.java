package chorus.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

/**
 * A first, simple measurement until the full load generator exists: signs up a user, creates a
 * team and channel, then times N sequential createPost calls against a running node. As a
 * baseline from the same run it first times N sequential plain pings (an HTTP round trip that
 * touches neither the session nor the database), and prints both and their ratio.
 * Usage: {@code SequentialPosts <baseUrl> [count]}.
 */
public final class SequentialPosts {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private String token;

  private SequentialPosts(String base) {
    this.base = base.replaceAll("/+$", "") + "/api/v4";
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: SequentialPosts <baseUrl> [count]");
      System.exit(2);
    }
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    new SequentialPosts(args[0]).run(count);
  }

  private void run(int count) throws Exception {
    String name = "bench" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    call("POST", "/users", Map.of("username", name, "email", name + "@example.com", "password", "Passw0rd!"), 201);
    HttpResponse<String> login = send("POST", "/users/login", Map.of("login_id", name, "password", "Passw0rd!"));
    token = login.headers().firstValue("Token").orElseThrow(() -> new IllegalStateException("login failed: " + login.body()));
    String teamId = call("POST", "/teams", Map.of("name", name, "display_name", name, "type", "O"), 201).path("id").asText();
    String channelId = call("POST", "/channels", Map.of("team_id", teamId, "name", name, "display_name", name, "type", "O"), 201)
        .path("id").asText();

    long pingMs = timed("GET /system/ping (baseline)", count, i -> {
      HttpResponse<String> ping = http.send(HttpRequest.newBuilder(URI.create(base + "/system/ping")).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      if (ping.statusCode() != 200) {
        throw new IllegalStateException("ping -> " + ping.statusCode());
      }
    });
    long postMs = timed("POST /posts", count, i -> call("POST", "/posts", Map.of("channel_id", channelId, "message", "message " + i), 201));
    System.out.printf("createPost / ping time ratio: %.1f%n", (double) postMs / Math.max(1, pingMs));
  }

  private interface Step {
    void run(int i) throws Exception;
  }

  private static long timed(String label, int count, Step step) throws Exception {
    long[] micros = new long[count];
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      long t0 = System.nanoTime();
      step.run(i);
      micros[i] = (System.nanoTime() - t0) / 1000;
    }
    long totalMs = (System.nanoTime() - start) / 1_000_000;
    Arrays.sort(micros);
    System.out.printf("%-28s %d sequential calls: %6d ms total, %6.0f/s, p50 %6.2f ms, p99 %6.2f ms, max %6.2f ms%n",
        label, count, totalMs, count * 1000.0 / Math.max(1, totalMs), micros[count / 2] / 1000.0,
        micros[Math.min(count - 1, (int) (count * 0.99))] / 1000.0, micros[count - 1] / 1000.0);
    return totalMs;
  }

  private JsonNode call(String method, String path, Object body, int expected) throws Exception {
    HttpResponse<String> response = send(method, path, body);
    if (response.statusCode() != expected) {
      throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  private HttpResponse<String> send(String method, String path, Object body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
