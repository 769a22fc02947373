package chorus.client;

import chorus.protocol.api.AccessTokenIdRequest;
import chorus.protocol.api.AddChannelMembersRequest;
import chorus.protocol.api.AddTeamMemberRequest;
import chorus.protocol.api.AppError;
import chorus.protocol.api.Channel;
import chorus.protocol.api.ChannelMember;
import chorus.protocol.api.CreateAccessTokenRequest;
import chorus.protocol.api.CreateChannelRequest;
import chorus.protocol.api.CreatePostRequest;
import chorus.protocol.api.CreateTeamRequest;
import chorus.protocol.api.CreateUserRequest;
import chorus.protocol.api.Job;
import chorus.protocol.api.Post;
import chorus.protocol.api.PostList;
import chorus.protocol.api.Team;
import chorus.protocol.api.TeamMember;
import chorus.protocol.api.UpdateActiveRequest;
import chorus.protocol.api.UpdatePasswordRequest;
import chorus.protocol.api.UpdateRolesRequest;
import chorus.protocol.api.User;
import chorus.protocol.api.UserAccessToken;
import chorus.protocol.json.ApiJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small, blocking client for Chorus's (and Mattermost's) REST API v4 over
 * {@code java.net.http}: typed calls with protocol's wire types, one bearer token per
 * instance, and every refusal turned into an {@link ApiCallException} carrying Mattermost's
 * error body. Immutable and safe to share between threads.
 */
public final class ChorusClient {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = ApiJson.newMapper();
  private static final int TEAM_PAGE = 200;

  private final HttpClient http;
  private final String apiBase;
  private final String token;

  private ChorusClient(HttpClient http, String apiBase, String token) {
    this.http = http;
    this.apiBase = apiBase;
    this.token = token;
  }

  /** A client without a session, for sign-up, login and ping. {@code instanceUrl} is the site, e.g. {@code http://localhost:8065}. */
  public static ChorusClient anonymous(String instanceUrl) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    return new ChorusClient(http, instanceUrl.replaceAll("/+$", "") + "/api/v4", null);
  }

  /** A client that sends {@code token} (a session token) as {@code Authorization: Bearer}. */
  public static ChorusClient withToken(String instanceUrl, String token) {
    return anonymous(instanceUrl).withSessionToken(token);
  }

  public ChorusClient withSessionToken(String newToken) {
    return new ChorusClient(http, apiBase, newToken);
  }

  public Optional<String> token() {
    return Optional.ofNullable(token);
  }

  /** The signed-in user and the client that acts as them. */
  public record LoggedIn(User user, ChorusClient client) {}

  /** {@code POST /users/login}: the session token comes back in the {@code Token} header. */
  public LoggedIn login(String loginId, String password) {
    HttpResponse<String> response = send("POST", "/users/login", Map.of("login_id", loginId, "password", password));
    User user = read(response, JSON.constructType(User.class));
    String sessionToken = response.headers().firstValue("Token")
        .orElseThrow(() -> new ApiCallException(new AppError("chorus.client.login.no_token", "The server sent no session token.", "", "", 500)));
    return new LoggedIn(user, withSessionToken(sessionToken));
  }

  public void logout() {
    call("POST", "/users/logout", null, JsonNode.class);
  }

  // ---- system

  /** {@code GET /system/ping}; {@code fullStatus} asks for the database and file-store checks (with REST semantics: a failed check is a 500). */
  public ServerPing ping(boolean fullStatus) {
    String query = fullStatus ? "?get_server_status=true&use_rest_semantics=true" : "";
    HttpResponse<String> response = send("GET", "/system/ping" + query, null);
    Map<String, Object> body = read(response, JSON.getTypeFactory().constructMapType(Map.class, String.class, Object.class));
    return new ServerPing(body, response.headers().firstValue("X-Version-Id").orElse(""));
  }

  // ---- config

  public JsonNode getConfig() {
    return call("GET", "/config", null, JsonNode.class);
  }

  public JsonNode updateConfig(JsonNode config) {
    return call("PUT", "/config", config, JsonNode.class);
  }

  public JsonNode patchConfig(JsonNode patch) {
    return call("PUT", "/config/patch", patch, JsonNode.class);
  }

  public void reloadConfig() {
    call("POST", "/config/reload", null, JsonNode.class);
  }

  // ---- users

  public User createUser(CreateUserRequest request) {
    return call("POST", "/users", request, User.class);
  }

  public User me() {
    return call("GET", "/users/me", null, User.class);
  }

  public User getUser(String userId) {
    return call("GET", "/users/" + path(userId), null, User.class);
  }

  public List<User> getUsersByIds(List<String> userIds) {
    return call("POST", "/users/ids", userIds, new TypeReference<List<User>>() {});
  }

  public List<User> listUsers(int page, int perPage) {
    return call("GET", "/users?page=" + page + "&per_page=" + perPage, null, new TypeReference<List<User>>() {});
  }

  public void setUserActive(String userId, boolean active) {
    call("PUT", "/users/" + path(userId) + "/active", new UpdateActiveRequest(active), JsonNode.class);
  }

  public void changePassword(String userId, String currentPassword, String newPassword) {
    call("PUT", "/users/" + path(userId) + "/password", new UpdatePasswordRequest(currentPassword, newPassword), JsonNode.class);
  }

  public void setUserRoles(String userId, String roles) {
    call("PUT", "/users/" + path(userId) + "/roles", new UpdateRolesRequest(roles), JsonNode.class);
  }

  // ---- teams

  public Team createTeam(CreateTeamRequest request) {
    return call("POST", "/teams", request, Team.class);
  }

  public Team getTeam(String teamId) {
    return call("GET", "/teams/" + path(teamId), null, Team.class);
  }

  /** {@code POST /users/{id}/tokens}: the answer is the only time the token's secret is shown. */
  public UserAccessToken createAccessToken(String userId, String description) {
    return call("POST", "/users/" + path(userId) + "/tokens", new CreateAccessTokenRequest(description), UserAccessToken.class);
  }

  public List<UserAccessToken> accessTokensOf(String userId, int page, int perPage) {
    return call("GET", "/users/" + path(userId) + "/tokens?page=" + page + "&per_page=" + perPage, null,
        new TypeReference<List<UserAccessToken>>() {});
  }

  public void revokeAccessToken(String tokenId) {
    call("POST", "/users/tokens/revoke", new AccessTokenIdRequest(tokenId), JsonNode.class);
  }

  /** {@code GET /teams}: one page of every team for a system admin, of the teams anyone may join for others. */
  public List<Team> listTeams(int page, int perPage) {
    return call("GET", "/teams?page=" + page + "&per_page=" + perPage, null, new TypeReference<List<Team>>() {});
  }

  /** Every team {@link #listTeams} pages through. */
  public List<Team> allTeams() {
    List<Team> all = new ArrayList<>();
    for (int page = 0; ; page++) {
      List<Team> found = listTeams(page, TEAM_PAGE);
      all.addAll(found);
      if (found.size() < TEAM_PAGE) {
        return all;
      }
    }
  }

  /** {@code GET /users/{id}/teams}: the teams the user belongs to. */
  public List<Team> teamsOf(String userId) {
    return call("GET", "/users/" + path(userId) + "/teams", null, new TypeReference<List<Team>>() {});
  }

  public TeamMember addTeamMember(String teamId, String userId) {
    return call("POST", "/teams/" + path(teamId) + "/members", new AddTeamMemberRequest(teamId, userId), TeamMember.class);
  }

  /** {@code DELETE /teams/{id}/members/{user_id}}, as Mattermost's {@code RemoveTeamMember}. */
  public void removeTeamMember(String teamId, String userId) {
    call("DELETE", "/teams/" + path(teamId) + "/members/" + path(userId), null, JsonNode.class);
  }

  // ---- channels

  public Channel createChannel(CreateChannelRequest request) {
    return call("POST", "/channels", request, Channel.class);
  }

  public Channel getChannel(String channelId) {
    return call("GET", "/channels/" + path(channelId), null, Channel.class);
  }

  /** {@code GET /users/{id}/teams/{team}/channels}: the user's channels of the team, archived ones too when asked. */
  public List<Channel> channelsOf(String userId, String teamId, boolean includeDeleted) {
    return call("GET", "/users/" + path(userId) + "/teams/" + path(teamId) + "/channels?include_deleted=" + includeDeleted, null,
        new TypeReference<List<Channel>>() {});
  }

  public ChannelMember addChannelMember(String channelId, String userId) {
    return call("POST", "/channels/" + path(channelId) + "/members", new AddChannelMembersRequest(userId, null, null),
        ChannelMember.class);
  }

  public void removeChannelMember(String channelId, String userId) {
    call("DELETE", "/channels/" + path(channelId) + "/members/" + path(userId), null, JsonNode.class);
  }

  /** {@code DELETE /channels/{id}}: Mattermost archives (soft-deletes) the channel. */
  public void archiveChannel(String channelId) {
    call("DELETE", "/channels/" + path(channelId), null, JsonNode.class);
  }

  // ---- posts

  public Post createPost(CreatePostRequest request) {
    return call("POST", "/posts", request, Post.class);
  }

  public PostList channelPosts(String channelId, int page, int perPage) {
    return call("GET", "/channels/" + path(channelId) + "/posts?page=" + page + "&per_page=" + perPage, null, PostList.class);
  }

  public PostList channelPostsSince(String channelId, long since) {
    return call("GET", "/channels/" + path(channelId) + "/posts?since=" + since, null, PostList.class);
  }

  // ---- jobs and LDAP

  /** {@code GET /jobs}, newest first; {@code type} and {@code status} may be empty. */
  public List<Job> jobs(String type, String status, int page, int perPage) {
    StringBuilder query = new StringBuilder("/jobs?page=").append(page).append("&per_page=").append(perPage);
    if (!type.isEmpty()) {
      query.append("&job_type=").append(path(type));
    }
    if (!status.isEmpty()) {
      query.append("&status=").append(path(status));
    }
    return call("GET", query.toString(), null, new TypeReference<List<Job>>() {});
  }

  public Job job(String jobId) {
    return call("GET", "/jobs/" + path(jobId), null, Job.class);
  }

  public void cancelJob(String jobId) {
    call("POST", "/jobs/" + path(jobId) + "/cancel", null, JsonNode.class);
  }

  /** {@code POST /ldap/sync}: queues an LDAP synchronization job. */
  public void ldapSync() {
    call("POST", "/ldap/sync", null, JsonNode.class);
  }

  // ---- plumbing

  /** Any other route: the body (or {@code null}) as JSON, the answer as {@code type}. */
  public <T> T call(String method, String route, Object body, Class<T> type) {
    return read(send(method, route, body), JSON.constructType(type));
  }

  public <T> T call(String method, String route, Object body, TypeReference<T> type) {
    return read(send(method, route, body), JSON.getTypeFactory().constructType(type));
  }

  /** The raw exchange, for callers that read headers or statuses themselves; never throws on an error status. */
  public HttpResponse<String> send(String method, String route, Object body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept", "application/json");
    // Mattermost's CSRF check spares requests that carry a token header; this marks us as one.
    headers.put("X-Requested-With", "XMLHttpRequest");
    if (body == null) {
      return exchange(method, route, HttpRequest.BodyPublishers.noBody(), headers, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
    headers.put("Content-Type", "application/json");
    return exchange(method, route, HttpRequest.BodyPublishers.ofString(write(body)), headers,
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /**
   * One request exactly as the caller shapes it: only the session's {@code Authorization} is
   * added, so tests of the wire contract can send broken bodies, odd content types or no CSRF
   * header, and read any status, header or byte body. Never throws on an error status.
   */
  public <T> HttpResponse<T> exchange(String method, String route, HttpRequest.BodyPublisher body, Map<String, String> headers,
      HttpResponse.BodyHandler<T> answer) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiBase + route)).timeout(TIMEOUT).method(method, body);
    headers.forEach(request::header);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      return http.send(request.build(), answer);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach " + apiBase + ": " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while calling " + method + " " + route, e);
    }
  }

  private static <T> T read(HttpResponse<String> response, JavaType type) {
    int status = response.statusCode();
    if (status >= 400) {
      throw new ApiCallException(errorOf(response));
    }
    try {
      return JSON.readValue(response.body(), type);
    } catch (JsonProcessingException e) {
      throw new ApiCallException(new AppError("chorus.client.unreadable_response",
          "Unexpected answer from the server: " + abbreviate(response.body()), e.getOriginalMessage(), "", status));
    }
  }

  private static AppError errorOf(HttpResponse<String> response) {
    try {
      AppError error = JSON.readValue(response.body(), AppError.class);
      if (error.id() != null && error.message() != null) {
        return new AppError(error.id(), error.message(), error.detailedError(), error.requestId(),
            error.statusCode() == 0 ? response.statusCode() : error.statusCode());
      }
    } catch (JsonProcessingException | RuntimeException notAnError) {
      // Not Mattermost's shape (a proxy's error page): report the status and the body's start.
    }
    return new AppError("chorus.client.http_error", "HTTP " + response.statusCode() + ": " + abbreviate(response.body()), "", "",
        response.statusCode());
  }

  private static String write(Object body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write the request body", e);
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }

  private static String path(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The mapper of Mattermost's JSON dialect (snake_case), for callers that print what they got. */
  public static ObjectMapper json() {
    return JSON;
  }
}
