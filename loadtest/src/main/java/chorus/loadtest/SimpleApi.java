package chorus.loadtest;

import chorus.client.ChorusClient;
import chorus.protocol.api.CreateChannelRequest;
import chorus.protocol.api.CreateTeamRequest;
import chorus.protocol.api.CreateUserRequest;
import chorus.protocol.api.Team;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.UUID;

/**
 * The simple measurements' view of the API ({@link SequentialPosts}, {@link ConcurrentPosts}):
 * one user signed up and logged in, a team of theirs, and calls that fail loudly on an
 * unexpected status, all through the shared {@link ChorusClient}. Safe to share between threads.
 */
final class SimpleApi {
  private static final String PASSWORD = "Passw0rd!";
  private final String name = "bench" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  private volatile ChorusClient client;
  private volatile String userId;

  SimpleApi(String baseUrl) {
    this.client = ChorusClient.anonymous(baseUrl);
  }

  /** Signs a fresh user up, logs in, and creates a team; returns the team's id. */
  String signUpWithTeam() {
    client.createUser(new CreateUserRequest(name, name + "@example.com", PASSWORD, null, null, null, null, null, null, null));
    ChorusClient.LoggedIn loggedIn = client.login(name, PASSWORD);
    client = loggedIn.client();
    userId = loggedIn.user().id();
    return client.createTeam(new CreateTeamRequest(name, name, Team.OPEN, null, null, null)).id();
  }

  /** The signed-up user's id, once {@link #signUpWithTeam} has run. */
  String userId() {
    return userId;
  }

  String createChannel(String teamId, String suffix) {
    return client.createChannel(new CreateChannelRequest(teamId, name + suffix, name + suffix, "O", null, null)).id();
  }

  HttpResponse<String> ping() {
    return client.send("GET", "/system/ping", null);
  }

  /** A call whose answer must have status {@code expected}; the answer's JSON. */
  JsonNode call(String method, String path, Object body, int expected) throws IOException {
    HttpResponse<String> response = send(method, path, body);
    if (response.statusCode() != expected) {
      throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + ": " + response.body());
    }
    return ChorusClient.json().readTree(response.body());
  }

  /** The raw exchange, for callers that count statuses themselves. */
  HttpResponse<String> send(String method, String path, Object body) {
    return client.send(method, path, body);
  }
}
