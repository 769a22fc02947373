package chorus.node.api;

import static chorus.node.api.ApiAssertions.assertError;
import static chorus.node.api.ApiAssertions.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.TestNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TeamSettings.MaxUsersPerTeam and MaxChannelsPerTeam are enforced, a refusal stores nothing,
 * and concurrent requests cannot push a team over either limit.
 */
class TeamLimitsTest {
  private static final int RACERS = 16;
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of("MM_TEAMSETTINGS_MAXUSERSPERTEAM", "2", "MM_TEAMSETTINGS_MAXCHANNELSPERTEAM", "3"));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void aFullTeamTakesNoMoreMembersButARejoinIsFine() {
    ApiClient owner = node.client();
    owner.signUp("owner");
    String teamId = owner.createTeam("full").path("id").asText();
    String second = node.client().signUp("second").path("id").asText();
    ApiClient thirdClient = node.client();
    String third = thirdClient.signUp("third").path("id").asText();

    assertJson(owner.post("/teams/" + teamId + "/members", Map.of("team_id", teamId, "user_id", second)), 201);
    assertError(owner.post("/teams/" + teamId + "/members", Map.of("team_id", teamId, "user_id", third)), 400,
        "app.team.join_user_to_team.max_accounts.app_error");
    assertJson(owner.post("/teams/" + teamId + "/members", Map.of("team_id", teamId, "user_id", second)), 201);

    assertThat(ApiAssertions.ids(thirdClient.get("/users/me/teams").body())).doesNotContain(teamId);
  }

  @Test
  void aTeamWithMaxChannelsTakesNoMore() {
    ApiClient owner = node.client();
    owner.signUp("chan");
    String teamId = owner.createTeam("chans").path("id").asText();
    // town-square and off-topic count: one more fits under a limit of three.
    owner.createChannel(teamId, "third");
    ApiClient.Response refused = owner.post("/channels",
        Map.of("team_id", teamId, "name", ApiClient.unique("fourth"), "display_name", "Fourth", "type", "O"));

    assertError(refused, 400, "api.channel.create_channel.max_channel_limit.app_error");
    assertThat(owner.get("/users/me/teams/" + teamId + "/channels").body()).hasSize(3);
  }

  /** Counting and inserting used to run unlocked, so concurrent joins could all see room for one more. */
  @Test
  void concurrentJoinsCannotExceedMaxUsersPerTeam() throws Exception {
    ApiClient owner = node.client();
    owner.signUp("race-owner");
    String teamId = owner.createTeam("race-members").path("id").asText();
    List<ApiClient> joiners = new ArrayList<>();
    List<Supplier<Integer>> joins = new ArrayList<>();
    for (int i = 0; i < RACERS; i++) {
      ApiClient joiner = node.client();
      String userId = joiner.signUp("racer").path("id").asText();
      joiners.add(joiner);
      joins.add(() -> owner.post("/teams/" + teamId + "/members", Map.of("team_id", teamId, "user_id", userId)).status());
    }

    List<Integer> statuses = race(joins);

    assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
    assertThat(statuses).filteredOn(s -> s != 201).containsOnly(400);
    long members = joiners.stream().filter(joiner -> ApiAssertions.ids(joiner.get("/users/me/teams").body()).contains(teamId)).count();
    assertThat(members).isEqualTo(1);
  }

  @Test
  void concurrentCreationsCannotExceedMaxChannelsPerTeam() throws Exception {
    ApiClient owner = node.client();
    owner.signUp("race-chan");
    String teamId = owner.createTeam("race-chans").path("id").asText();
    List<Supplier<Integer>> creations = new ArrayList<>();
    for (int i = 0; i < RACERS; i++) {
      creations.add(() -> owner.post("/channels",
          Map.of("team_id", teamId, "name", ApiClient.unique("racing"), "display_name", "Racing", "type", "O")).status());
    }

    List<Integer> statuses = race(creations);

    assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
    assertThat(statuses).filteredOn(s -> s != 201).containsOnly(400);
    assertThat(owner.get("/users/me/teams/" + teamId + "/channels").body()).hasSize(3);
  }

  /** Runs every call at once (released together by a latch) and returns their results in order. */
  private static List<Integer> race(List<Supplier<Integer>> calls) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(calls.size());
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<CompletableFuture<Integer>> running = calls.stream().map(call -> CompletableFuture.supplyAsync(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
        return call.get();
      }, threads)).toList();
      go.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (CompletableFuture<Integer> call : running) {
        statuses.add(call.get(60, TimeUnit.SECONDS));
      }
      return statuses;
    } finally {
      threads.shutdownNow();
    }
  }
}
