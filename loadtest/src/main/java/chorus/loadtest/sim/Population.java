package chorus.loadtest.sim;

import chorus.loadtest.client.ClientRuntime;
import chorus.loadtest.client.RestClient;
import chorus.loadtest.client.RestReply;
import chorus.loadtest.client.Targets;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * Builds a load population over the public API only: signs users up and logs them in, creates
 * one team with {@code channels} open channels and puts {@code membersPerChannel} users in each
 * (users are dealt round-robin, so with {@code users = channels × members} the channels are
 * disjoint). Every name carries a random run prefix, so runs against one node never collide.
 *
 * <p>Setup is the slow part of a run on purpose: each user costs two bcrypt operations (sign-up
 * and login), tens of milliseconds of server CPU each. It is never inside a measured window.
 */
public final class Population {
  static final String PASSWORD = "Load-test-1";
  private static final int SETUP_PARALLELISM = 8;
  private final ClientRuntime runtime;
  private final Targets targets;
  private final String prefix = "lt" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);

  public Population(ClientRuntime runtime, Targets targets) {
    this.runtime = runtime;
    this.targets = targets;
  }

  public World build(int users, int channels, int membersPerChannel) {
    if (membersPerChannel > users) {
      throw new IllegalArgumentException("members per channel (" + membersPerChannel + ") exceeds users (" + users + ")");
    }
    RestClient adminRest = new RestClient(runtime, targets.forClient(0));
    String adminToken = signUp(adminRest, "admin").toCompletableFuture().join();
    JsonNode team = json(RestClient.expect(adminRest.post("/teams", adminToken,
        Map.of("name", prefix, "display_name", "Load " + prefix, "type", "O")), 201, "create team").toCompletableFuture().join());
    String teamId = team.path("id").asText();
    SimUser admin = new SimUser(-1, me(adminRest, adminToken), prefix + "admin", adminToken, teamId, List.of(), adminRest);

    List<String> channelIds = Bounded.run(channels, SETUP_PARALLELISM, k -> RestClient.expect(adminRest.post("/channels", adminToken,
            Map.of("team_id", teamId, "name", prefix + "-c" + k, "display_name", "Channel " + k, "type", "O")), 201, "create channel")
        .thenApply(r -> json(r).path("id").asText()));

    List<List<String>> channelsOfUser = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      channelsOfUser.add(new ArrayList<>());
    }
    Map<Integer, List<Integer>> memberIndexes = new LinkedHashMap<>();
    for (int k = 0; k < channels; k++) {
      List<Integer> members = new ArrayList<>();
      for (int j = 0; j < membersPerChannel; j++) {
        int user = (k * membersPerChannel + j) % users;
        members.add(user);
        channelsOfUser.get(user).add(channelIds.get(k));
      }
      memberIndexes.put(k, members);
    }

    List<SimUser> simUsers = Bounded.run(users, SETUP_PARALLELISM, i -> {
      RestClient rest = new RestClient(runtime, targets.forClient(i));
      return signUp(rest, "u" + i).thenCompose(token -> rest.get("/users/me", token)
          .thenCompose(me -> {
            String id = json(me).path("id").asText();
            return RestClient.expect(adminRest.post("/teams/" + teamId + "/members", adminToken, Map.of("team_id", teamId, "user_id", id)),
                    201, "add team member")
                .thenApply(r -> new SimUser(i, id, prefix + "u" + i, token, teamId, List.copyOf(channelsOfUser.get(i)), rest));
          }));
    });

    Map<String, List<SimUser>> members = new java.util.concurrent.ConcurrentHashMap<>();
    Bounded.run(channels, SETUP_PARALLELISM, k -> {
      List<SimUser> inChannel = memberIndexes.get(k).stream().map(simUsers::get).toList();
      members.put(channelIds.get(k), inChannel);
      return addMembers(adminRest, adminToken, channelIds.get(k), inChannel.stream().map(SimUser::id).toList());
    });
    return new World(admin, teamId, simUsers, channelIds, Map.copyOf(members));
  }

  private CompletionStage<RestReply> addMembers(RestClient rest, String token, String channelId, List<String> userIds) {
    CompletionStage<RestReply> chain = java.util.concurrent.CompletableFuture.completedFuture(null);
    for (int from = 0; from < userIds.size(); from += 100) {
      List<String> batch = userIds.subList(from, Math.min(userIds.size(), from + 100));
      chain = chain.thenCompose(r -> RestClient.expect(rest.post("/channels/" + channelId + "/members", token, Map.of("user_ids", batch)),
          201, "add channel members"));
    }
    return chain;
  }

  /** Signs up {@code prefix+name} and logs in; completes with the session token. */
  private CompletionStage<String> signUp(RestClient rest, String name) {
    String username = prefix + name;
    return RestClient.expect(rest.post("/users", null,
            Map.of("username", username, "email", username + "@loadtest.example.com", "password", PASSWORD)), 201, "sign up " + username)
        .thenCompose(r -> RestClient.expect(rest.post("/users/login", null, Map.of("login_id", username, "password", PASSWORD)),
            200, "login " + username))
        .thenApply(RestReply::token);
  }

  private String me(RestClient rest, String token) {
    return json(rest.get("/users/me", token).toCompletableFuture().join()).path("id").asText();
  }

  private JsonNode json(RestReply reply) {
    return reply.json(runtime.json());
  }
}
