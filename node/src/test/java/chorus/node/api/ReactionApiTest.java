package chorus.node.api;

import static chorus.node.api.ApiAssertions.assertError;
import static chorus.node.api.ApiAssertions.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.NodeFixture;
import chorus.node.testkit.WsClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Reactions: add, remove, list one post's and a page's, with their events and Mattermost's rules. */
class ReactionApiTest {
  @RegisterExtension
  static final NodeFixture node = NodeFixture.withAdmin();

  private static final ObjectMapper JSON = new ObjectMapper();

  private record Room(ApiClient author, String authorId, ApiClient reactor, String reactorId, String teamId, String channelId) {}

  private static Room room() {
    ApiClient author = node.client();
    String authorId = author.signUp("author").path("id").asText();
    ApiClient reactor = node.client();
    String reactorId = reactor.signUp("reactor").path("id").asText();
    String teamId = author.createTeam("react").path("id").asText();
    assertJson(author.post("/teams/" + teamId + "/members", Map.of("team_id", teamId, "user_id", reactorId)), 201);
    String channelId = author.createChannel(teamId, "room").path("id").asText();
    assertJson(author.post("/channels/" + channelId + "/members", Map.of("user_id", reactorId)), 201);
    return new Room(author, authorId, reactor, reactorId, teamId, channelId);
  }

  private static Map<String, String> reaction(String userId, String postId, String emoji) {
    return Map.of("user_id", userId, "post_id", postId, "emoji_name", emoji);
  }

  @Test
  void aReactionIsAddedListedAndRemovedAndTheChannelSeesEachChange() throws Exception {
    Room r = room();
    String postId = r.author().createPost(r.channelId(), "react to me").path("id").asText();

    try (WsClient authorSocket = WsClient.authenticated(node.webSocketUrl(), r.author().token())) {
      JsonNode saved = assertJson(r.reactor().post("/reactions", reaction(r.reactorId(), postId, "+1")), 200);
      assertThat(saved.path("user_id").asText()).isEqualTo(r.reactorId());
      assertThat(saved.path("channel_id").asText()).isEqualTo(r.channelId());
      assertThat(saved.path("create_at").asLong()).isPositive();
      assertThat(saved.path("delete_at").asLong()).isZero();

      JsonNode added = authorSocket.awaitEvent("reaction_added");
      assertThat(added.path("broadcast").path("channel_id").asText()).isEqualTo(r.channelId());
      JsonNode addedReaction = JSON.readTree(added.path("data").path("reaction").asText());
      assertThat(addedReaction.path("emoji_name").asText()).isEqualTo("+1");
      assertThat(addedReaction.path("post_id").asText()).isEqualTo(postId);

      assertJson(r.author().post("/reactions", reaction(r.authorId(), postId, "smile")), 200);
      assertJson(r.reactor().post("/reactions", reaction(r.reactorId(), postId, "+1")), 200);
      JsonNode listed = assertJson(r.author().get("/posts/" + postId + "/reactions"), 200);
      assertThat(listed).as("saving the same reaction again keeps one").hasSize(2);
      assertThat(listed.get(0).path("emoji_name").asText()).isEqualTo("+1");

      assertJson(r.reactor().delete("/users/me/posts/" + postId + "/reactions/+1"), 200);
      JsonNode removed = authorSocket.awaitEvent("reaction_removed");
      assertThat(JSON.readTree(removed.path("data").path("reaction").asText()).path("user_id").asText()).isEqualTo(r.reactorId());
    }
    JsonNode left = assertJson(r.reactor().get("/posts/" + postId + "/reactions"), 200);
    assertThat(left).hasSize(1);
    assertThat(left.get(0).path("emoji_name").asText()).isEqualTo("smile");
  }

  @Test
  void postsCarryTheirReactionsInTheirMetadata() {
    Room r = room();
    String reacted = r.author().createPost(r.channelId(), "with reactions").path("id").asText();
    String plain = r.author().createPost(r.channelId(), "without").path("id").asText();
    assertJson(r.reactor().post("/reactions", reaction(r.reactorId(), reacted, "rocket")), 200);

    JsonNode one = assertJson(r.author().get("/posts/" + reacted), 200);
    assertThat(one.path("metadata").path("reactions")).hasSize(1);
    assertThat(one.path("metadata").path("reactions").get(0).path("emoji_name").asText()).isEqualTo("rocket");
    JsonNode page = assertJson(r.author().get("/channels/" + r.channelId() + "/posts"), 200).path("posts");
    assertThat(page.path(reacted).path("metadata").path("reactions")).hasSize(1);
    assertThat(page.path(plain).path("metadata").path("reactions").isMissingNode()).isTrue();
  }

  @Test
  void aPageOfPostsGetsItsReactionsInOneCall() {
    Room r = room();
    String first = r.author().createPost(r.channelId(), "one").path("id").asText();
    String second = r.author().createPost(r.channelId(), "two").path("id").asText();
    assertJson(r.reactor().post("/reactions", reaction(r.reactorId(), first, "heart")), 200);
    assertJson(r.author().post("/reactions", reaction(r.authorId(), first, "tada")), 200);

    JsonNode bulk = assertJson(r.reactor().post("/posts/ids/reactions", List.of(first, second)), 200);
    assertThat(bulk.path(first)).hasSize(2);
    assertThat(bulk.path(second).isArray()).isTrue();
    assertThat(bulk.path(second)).isEmpty();
    assertError(r.reactor().post("/posts/ids/reactions", List.of("not-an-id")), 400, "api.context.invalid_body_param.app_error");
  }

  @Test
  void onlyChannelMembersReactAndOnlyToTheirOwnName() {
    Room r = room();
    String postId = r.author().createPost(r.channelId(), "guarded").path("id").asText();
    ApiClient teamMate = node.client();
    String teamMateId = teamMate.signUp("mate").path("id").asText();
    assertJson(r.author().post("/teams/" + r.teamId() + "/members", Map.of("team_id", r.teamId(), "user_id", teamMateId)), 201);
    ApiClient stranger = node.client();
    String strangerId = stranger.signUp("stranger").path("id").asText();
    assertJson(r.author().post("/reactions", reaction(r.authorId(), postId, "eyes")), 200);

    assertError(node.client().post("/reactions", reaction(r.reactorId(), postId, "ok")), 401, "api.context.session_expired.app_error");
    assertError(r.reactor().post("/reactions", reaction(r.authorId(), postId, "ok")), 403, "api.reaction.save_reaction.user_id.app_error");
    assertError(teamMate.post("/reactions", reaction(teamMateId, postId, "ok")), 403, "api.context.permissions.app_error");
    assertError(stranger.post("/reactions", reaction(strangerId, postId, "ok")), 403, "api.context.permissions.app_error");
    assertError(stranger.get("/posts/" + postId + "/reactions"), 403, "api.context.permissions.app_error");
    assertError(stranger.post("/posts/ids/reactions", List.of(postId)), 403, "api.context.permissions.app_error");
    assertThat(assertJson(teamMate.get("/posts/" + postId + "/reactions"), 200)).as("team members read an open channel").hasSize(1);
    assertError(r.reactor().delete("/users/" + r.authorId() + "/posts/" + postId + "/reactions/eyes"), 403, "api.context.permissions.app_error");
    assertError(r.reactor().post("/reactions", reaction(r.reactorId(), "abcdefghijklmnopqrstuvwxyz", "ok")), 403,
        "api.context.permissions.app_error");
    assertJson(node.admin().delete("/users/" + r.authorId() + "/posts/" + postId + "/reactions/eyes"), 200);
    assertThat(assertJson(r.author().get("/posts/" + postId + "/reactions"), 200)).isEmpty();
  }

  @Test
  void badReactionsAndArchivedChannelsAreRefused() {
    Room r = room();
    String postId = r.author().createPost(r.channelId(), "soon archived").path("id").asText();

    assertError(r.reactor().post("/reactions", reaction(r.reactorId(), postId, "")), 400, "api.reaction.save_reaction.invalid.app_error");
    assertError(r.reactor().post("/reactions", reaction(r.reactorId(), postId, "e".repeat(65))), 400,
        "api.reaction.save_reaction.invalid.app_error");
    assertError(r.reactor().post("/reactions", reaction(r.reactorId(), postId, "no spaces")), 400,
        "api.reaction.save_reaction.invalid.app_error");
    assertError(r.reactor().post("/reactions", reaction(r.reactorId(), "short", "ok")), 400, "api.reaction.save_reaction.invalid.app_error");
    assertError(r.reactor().post("/reactions", "[1,2]"), 400, "api.context.invalid_body_param.app_error");
    assertError(r.reactor().get("/posts/bad/reactions"), 400, "api.context.invalid_url_param.app_error");
    assertError(r.reactor().delete("/users/me/posts/" + postId + "/reactions/bad%20name"), 400, "api.context.invalid_url_param.app_error");

    assertJson(r.reactor().post("/reactions", reaction(r.reactorId(), postId, "wave")), 200);
    assertJson(r.author().delete("/channels/" + r.channelId()), 200);
    assertError(r.reactor().post("/reactions", reaction(r.reactorId(), postId, "ok")), 403, "api.reaction.save.archived_channel.app_error");
    assertError(r.reactor().delete("/users/me/posts/" + postId + "/reactions/wave"), 403, "api.reaction.delete.archived_channel.app_error");
    assertThat(assertJson(r.reactor().get("/posts/" + postId + "/reactions"), 200)).as("still readable").hasSize(1);
  }

  @Test
  void aPostTakesAtMostFiftyDifferentEmojis() {
    Room r = room();
    String postId = r.author().createPost(r.channelId(), "popular").path("id").asText();
    for (int i = 0; i < 50; i++) {
      assertJson(r.reactor().post("/reactions", reaction(r.reactorId(), postId, "emoji_" + i)), 200);
    }
    assertError(r.author().post("/reactions", reaction(r.authorId(), postId, "one_too_many")), 400,
        "app.reaction.save.save.too_many_reactions");
    assertJson(r.author().post("/reactions", reaction(r.authorId(), postId, "emoji_7")), 200);
    assertThat(assertJson(r.author().get("/posts/" + postId + "/reactions"), 200)).hasSize(51);
  }
}
