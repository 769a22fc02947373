package chorus.node.websocket;

import static chorus.node.websocket.Frames.event;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.TestNode;
import chorus.node.testkit.WsClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who receives which event (reference C.5 and D). Each test builds a team where {@code alice}
 * and {@code bob} share a channel and {@code carol} is in the team but not in that channel, so
 * "only channel members" is checked against someone who would get a team-wide event.
 */
class WebSocketEventTargetingTest {
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  /** alice owns the team and the channel; bob is in both; carol only in the team. */
  private record Cast(Account alice, Account bob, Account carol, String teamId, String teamName, String channelId, String channelName) {}

  private static Cast cast(String prefix) {
    Account alice = Account.signUp(node, prefix + "a");
    Account bob = Account.signUp(node, prefix + "b");
    Account carol = Account.signUp(node, prefix + "c");
    JsonNode team = alice.api().createTeam(prefix);
    String teamId = team.path("id").asText();
    JsonNode channel = alice.api().createChannel(teamId, prefix);
    alice.addToTeam(teamId, bob);
    alice.addToTeam(teamId, carol);
    alice.addToChannel(channel.path("id").asText(), bob);
    return new Cast(alice, bob, carol, teamId, team.path("name").asText(), channel.path("id").asText(), channel.path("name").asText());
  }

  @Test
  void typingGoesToTheOtherChannelMembersOnly() {
    Cast c = cast("typ");
    try (WsClient alice = c.alice().connect(node); WsClient bob = c.bob().connect(node); WsClient carol = c.carol().connect(node)) {
      long seq = alice.send("user_typing", Map.of("channel_id", c.channelId(), "parent_id", ""));

      JsonNode typing = bob.awaitEvent("typing");
      JsonNode ok = alice.awaitReply(seq);

      assertThat(ok.path("status").asText()).isEqualTo("OK");
      assertThat(typing.path("data").path("user_id").asText()).isEqualTo(c.alice().id());
      assertThat(typing.path("data").path("parent_id").asText()).isEmpty();
      assertThat(typing.path("broadcast").path("channel_id").asText()).isEqualTo(c.channelId());
      assertThat(typing.path("broadcast").path("omit_users").path(c.alice().id()).asBoolean()).isTrue();
      Frames.roundTrip(alice);
      Frames.roundTrip(carol);
      assertThat(Frames.none(alice, event("typing"))).as("the sender gets no typing: %s", alice.frames()).isTrue();
      assertThat(Frames.none(carol, event("typing"))).as("a non-member gets no typing: %s", carol.frames()).isTrue();
    }
  }

  @Test
  void typingInAChannelYouAreNotInFails() {
    Cast c = cast("typx");
    try (WsClient carol = c.carol().connect(node); WsClient bob = c.bob().connect(node)) {
      long seq = carol.send("user_typing", Map.of("channel_id", c.channelId(), "parent_id", ""));

      JsonNode fail = carol.awaitReply(seq);

      assertThat(fail.path("status").asText()).isEqualTo("FAIL");
      assertThat(fail.path("error").path("status_code").asInt()).isEqualTo(400);
      Frames.roundTrip(bob);
      assertThat(Frames.none(bob, event("typing"))).isTrue();
    }
  }

  @Test
  void postedGoesToChannelMembersWithThePostAsAJsonString() {
    Cast c = cast("pst");
    try (WsClient alice = c.alice().connect(node); WsClient bob = c.bob().connect(node); WsClient carol = c.carol().connect(node)) {
      String message = "hello @" + c.bob().username();
      JsonNode created = c.alice().api().createPost(c.channelId(), message);
      String postId = created.path("id").asText();

      for (WsClient member : List.of(alice, bob)) {
        JsonNode posted = member.await(postedEvent(postId));
        JsonNode data = posted.path("data");
        assertThat(data.path("post").isTextual()).as("data.post is a JSON string: %s", posted).isTrue();
        JsonNode post = Posts.postOf(posted);
        assertThat(post.path("message").asText()).isEqualTo(message);
        assertThat(data.path("mentions").asText()).as("a JSON string of the mentioned ids").isEqualTo("[\"" + c.bob().id() + "\"]");
        assertThat(post.path("channel_id").asText()).isEqualTo(c.channelId());
        assertThat(post.path("user_id").asText()).isEqualTo(c.alice().id());
        assertThat(data.path("channel_type").asText()).isEqualTo("O");
        assertThat(data.path("channel_name").asText()).isEqualTo(c.channelName());
        assertThat(data.path("sender_name").asText()).isEqualTo("@" + c.alice().username());
        assertThat(data.path("team_id").asText()).isEqualTo(c.teamId());
        assertThat(posted.path("broadcast").path("channel_id").asText()).isEqualTo(c.channelId());
      }
      Frames.roundTrip(carol);
      assertThat(Frames.none(carol, event("posted"))).as("carol is not in the channel: %s", carol.frames()).isTrue();
    }
  }

  @Test
  void editsAndDeletesGoToChannelMembers() {
    Cast c = cast("edt");
    try (WsClient bob = c.bob().connect(node); WsClient carol = c.carol().connect(node)) {
      String postId = c.alice().api().createPost(c.channelId(), "first").path("id").asText();
      bob.await(postedEvent(postId));

      Account.expect(c.alice().api().put("/posts/" + postId + "/patch", Map.of("message", "second")), 200);
      JsonNode edited = bob.awaitEvent("post_edited");
      assertThat(Posts.postOf(edited).path("id").asText()).isEqualTo(postId);
      assertThat(Posts.postOf(edited).path("message").asText()).isEqualTo("second");
      assertThat(Posts.postOf(edited).path("edit_at").asLong()).isPositive();

      Account.expect(c.alice().api().delete("/posts/" + postId), 200);
      JsonNode deleted = bob.awaitEvent("post_deleted");
      assertThat(Posts.postOf(deleted).path("id").asText()).isEqualTo(postId);
      assertThat(Posts.postOf(deleted).path("delete_at").asLong()).isPositive();
      assertThat(deleted.path("broadcast").path("channel_id").asText()).isEqualTo(c.channelId());

      Frames.roundTrip(carol);
      assertThat(Frames.none(carol, event("post_edited").or(event("post_deleted")))).as("%s", carol.frames()).isTrue();
    }
  }

  @Test
  void channelCreatedGoesToTheCreatorOnly() {
    Cast c = cast("chc");
    try (WsClient alice = c.alice().connect(node); WsClient bob = c.bob().connect(node)) {
      String channelId = c.alice().api().createChannel(c.teamId(), "fresh").path("id").asText();

      JsonNode created = alice.await(event("channel_created").and(f -> channelId.equals(f.path("data").path("channel_id").asText())));

      assertThat(created.path("data").path("team_id").asText()).isEqualTo(c.teamId());
      assertThat(created.path("broadcast").path("user_id").asText()).isEqualTo(c.alice().id());
      Frames.roundTrip(bob);
      assertThat(Frames.none(bob, event("channel_created"))).as("%s", bob.frames()).isTrue();
    }
  }

  @Test
  void userAddedGoesToTheChannelMembers() {
    Cast c = cast("uad");
    try (WsClient alice = c.alice().connect(node); WsClient bob = c.bob().connect(node); WsClient carol = c.carol().connect(node)) {
      String channelId = c.alice().api().createChannel(c.teamId(), "joined").path("id").asText();
      // Only alice is in the new channel; bob is in the team but stays out of it.
      c.alice().addToChannel(channelId, c.carol());

      Predicate<JsonNode> carolAdded = event("user_added").and(f -> c.carol().id().equals(f.path("data").path("user_id").asText())
          && channelId.equals(f.path("broadcast").path("channel_id").asText()));
      alice.await(carolAdded);
      JsonNode toCarol = carol.await(carolAdded);

      assertThat(toCarol.path("data").path("team_id").asText()).as("the channel's team: %s", toCarol).isEqualTo(c.teamId());
      Frames.roundTrip(bob);
      assertThat(Frames.none(bob, carolAdded)).as("bob is not in the channel: %s", bob.frames()).isTrue();
    }
  }

  @Test
  void addedToTeamGoesToTheAddedUser() {
    Account alice = Account.signUp(node, "att");
    Account dave = Account.signUp(node, "attd");
    String teamId = alice.api().createTeam("att").path("id").asText();
    try (WsClient aliceWs = alice.connect(node); WsClient daveWs = dave.connect(node)) {
      alice.addToTeam(teamId, dave);

      JsonNode added = daveWs.awaitEvent("added_to_team");

      assertThat(added.path("data").path("team_id").asText()).isEqualTo(teamId);
      assertThat(added.path("data").path("user_id").asText()).isEqualTo(dave.id());
      assertThat(added.path("broadcast").path("user_id").asText()).isEqualTo(dave.id());
      // The default channels announce the new member to their members, alice among them.
      aliceWs.await(event("user_added").and(f -> dave.id().equals(f.path("data").path("user_id").asText())));
      Frames.roundTrip(aliceWs);
      assertThat(Frames.none(aliceWs, event("added_to_team"))).as("%s", aliceWs.frames()).isTrue();
    }
  }

  @Test
  void newUserGoesToEveryone() {
    Account alice = Account.signUp(node, "nu");
    try (WsClient ws = alice.connect(node)) {
      ApiClient api = node.client();
      String username = ApiClient.unique("nuz");
      String newId = api.createUser(username, "Passw0rd!").path("id").asText();

      JsonNode newUser = ws.await(event("new_user").and(f -> newId.equals(f.path("data").path("user_id").asText())));

      assertThat(newUser.path("broadcast").path("user_id").asText()).isEmpty();
      assertThat(newUser.path("broadcast").path("channel_id").asText()).isEmpty();
      assertThat(newUser.path("broadcast").path("team_id").asText()).isEmpty();
    }
  }

  @Test
  void directAddedGoesToBothMembersOfTheNewDirectChannel() {
    Cast c = cast("dm");
    try (WsClient alice = c.alice().connect(node); WsClient bob = c.bob().connect(node); WsClient carol = c.carol().connect(node)) {
      ApiClient.Response direct = c.alice().api().post("/channels/direct", List.of(c.alice().id(), c.bob().id()));
      Account.expect(direct, 201);
      String channelId = direct.body().path("id").asText();

      for (WsClient member : List.of(alice, bob)) {
        JsonNode added = member.awaitEvent("direct_added");
        assertThat(added.path("data").path("creator_id").asText()).isEqualTo(c.alice().id());
        assertThat(added.path("data").path("teammate_id").asText()).isEqualTo(c.bob().id());
        assertThat(added.path("broadcast").path("channel_id").asText()).isEqualTo(channelId);
      }
      Frames.roundTrip(carol);
      assertThat(Frames.none(carol, event("direct_added"))).isTrue();
    }
  }

  @Test
  void multipleChannelsViewedGoesToTheViewerOnly() {
    Cast c = cast("mcv");
    try (WsClient alice = c.alice().connect(node); WsClient aliceTwo = c.alice().connect(node); WsClient bob = c.bob().connect(node)) {
      ApiClient.Response view = c.alice().api().post("/channels/members/me/view", Map.of("channel_id", c.channelId()));
      Account.expect(view, 200);

      for (WsClient own : List.of(alice, aliceTwo)) {
        JsonNode viewed = own.awaitEvent("multiple_channels_viewed");
        assertThat(viewed.path("data").path("channel_times").path(c.channelId()).asLong()).isPositive();
        assertThat(viewed.path("broadcast").path("user_id").asText()).isEqualTo(c.alice().id());
      }
      Frames.roundTrip(bob);
      assertThat(Frames.none(bob, event("multiple_channels_viewed"))).as("bob shares the channel but did not view it").isTrue();
    }
  }

  private static Predicate<JsonNode> postedEvent(String postId) {
    return event("posted").and(f -> postId.equals(Posts.postOf(f).path("id").asText()));
  }
}
