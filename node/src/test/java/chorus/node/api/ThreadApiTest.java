package chorus.node.api;

import static chorus.node.api.ApiAssertions.assertError;
import static chorus.node.api.ApiAssertions.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.NodeFixture;
import chorus.node.testkit.WsClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Replies, {@code GET /posts/{id}/thread} and the collapsed-threads view ({@code /users/{id}/teams/{team}/threads}). */
class ThreadApiTest {
  @RegisterExtension
  static final NodeFixture node = NodeFixture.withAdmin();

  private record User(ApiClient client, String id, String username) {}

  private record Place(User author, User replier, User outsider, String teamId, String channelId) {}

  private static User user(String prefix) {
    ApiClient client = node.client();
    JsonNode me = client.signUp(prefix);
    return new User(client, me.path("id").asText(), me.path("username").asText());
  }

  /** An author and a replier in a team's town square, and someone outside the team. */
  private static Place place() {
    User author = user("author");
    User replier = user("replier");
    String teamId = author.client().createTeam("threads").path("id").asText();
    assertJson(author.client().post("/teams/" + teamId + "/members", Map.of("team_id", teamId, "user_id", replier.id())), 201);
    JsonNode channels = assertJson(author.client().get("/users/me/teams/" + teamId + "/channels"), 200);
    String channelId = ApiClient.find(channels, "name", "town-square").orElseThrow().path("id").asText();
    return new Place(author, replier, user("outsider"), teamId, channelId);
  }

  private static JsonNode reply(User who, String channelId, String rootId, String message) {
    return assertJson(who.client().post("/posts", Map.of("channel_id", channelId, "root_id", rootId, "message", message)), 201);
  }

  private static String threads(User user, String teamId) {
    return "/users/" + user.id() + "/teams/" + teamId + "/threads";
  }

  @Test
  void repliesCountOnTheRootAndTheThreadReadsWhole() {
    Place p = place();
    String root = p.author().client().createPost(p.channelId(), "question").path("id").asText();
    reply(p.replier(), p.channelId(), root, "one");
    JsonNode second = reply(p.author(), p.channelId(), root, "two");

    JsonNode rootPost = assertJson(p.author().client().get("/posts/" + root), 200);
    JsonNode thread = assertJson(p.replier().client().get("/posts/" + second.path("id").asText() + "/thread"), 200);
    JsonNode page = assertJson(p.author().client().get("/channels/" + p.channelId() + "/posts"), 200);

    assertThat(rootPost.path("reply_count").asLong()).isEqualTo(2);
    assertThat(rootPost.path("last_reply_at").asLong()).isEqualTo(second.path("create_at").asLong());
    assertThat(thread.path("order")).hasSize(3);
    assertThat(thread.path("order").get(2).asText()).as("newest first; the root is the oldest").isEqualTo(root);
    assertThat(page.path("posts").path(second.path("id").asText()).path("reply_count").asLong())
        .as("a reply shows its thread's count, as in Mattermost").isEqualTo(2);
    assertError(p.outsider().client().get("/posts/" + root + "/thread"), 403, "api.context.permissions.app_error");
    assertError(p.author().client().get("/posts/" + p.teamId() + "/thread"), 404, "app.post.get.app_error");
  }

  @Test
  void followersSeeUnreadRepliesAndMentionsUntilTheyRead() {
    Place p = place();
    String root = p.author().client().createPost(p.channelId(), "plan").path("id").asText();
    reply(p.replier(), p.channelId(), root, "first");
    JsonNode last = reply(p.replier(), p.channelId(), root, "@" + p.author().username() + " please look");

    JsonNode authors = assertJson(p.author().client().get(threads(p.author(), p.teamId())), 200);
    JsonNode repliers = assertJson(p.replier().client().get(threads(p.replier(), p.teamId()) + "?unread=true"), 200);

    assertThat(authors.path("total").asLong()).isEqualTo(1);
    assertThat(authors.path("total_unread_threads").asLong()).isEqualTo(1);
    assertThat(authors.path("total_unread_mentions").asLong()).isEqualTo(1);
    JsonNode thread = authors.path("threads").get(0);
    assertThat(thread.path("id").asText()).isEqualTo(root);
    assertThat(thread.path("post").path("message").asText()).isEqualTo("plan");
    assertThat(thread.path("reply_count").asLong()).isEqualTo(2);
    assertThat(thread.path("unread_replies").asLong()).isEqualTo(2);
    assertThat(thread.path("unread_mentions").asLong()).isEqualTo(1);
    assertThat(thread.path("is_following").asBoolean()).isTrue();
    assertThat(thread.path("participants").get(0).path("id").asText()).isEqualTo(p.replier().id());
    JsonNode extended = assertJson(p.author().client().get(threads(p.author(), p.teamId()) + "?extended=true&per_page=5"), 200);
    assertThat(extended.path("threads").get(0).path("participants").get(0).path("username").asText())
        .as("extended: the repliers as users").isEqualTo(p.replier().username());
    assertThat(repliers.path("threads")).as("their own replies are read").isEmpty();

    long readAt = last.path("create_at").asLong();
    JsonNode read = assertJson(p.author().client().put(threads(p.author(), p.teamId()) + "/" + root + "/read/" + readAt, Map.of()), 200);
    assertThat(read.path("unread_replies").asLong()).isZero();
    assertThat(read.path("unread_mentions").asLong()).isZero();
    assertThat(read.path("last_viewed_at").asLong()).isEqualTo(readAt);
    JsonNode totals = assertJson(p.author().client().get(threads(p.author(), p.teamId()) + "?totalsOnly=true"), 200);
    assertThat(totals.path("total_unread_threads").asLong()).isZero();
    assertThat(totals.path("threads")).isEmpty();
  }

  @Test
  void followersHearOfRepliesReadsAndFollowingOnTheirSockets() {
    Place p = place();
    String root = p.author().client().createPost(p.channelId(), "news").path("id").asText();
    reply(p.replier(), p.channelId(), root, "first");

    try (WsClient author = WsClient.authenticated(node.webSocketUrl(), p.author().client().token())) {
      JsonNode second = reply(p.replier(), p.channelId(), root, "second");
      // The first reply's update may still be on its way: the one after the second says 2.
      JsonNode updated = author.await(f -> "thread_updated".equals(f.path("event").asText())
          && threadOf(f).path("reply_count").asLong() == 2);
      JsonNode thread = threadOf(updated);
      assertThat(updated.path("broadcast").path("user_id").asText()).isEqualTo(p.author().id());
      assertThat(thread.path("id").asText()).isEqualTo(root);
      assertThat(thread.path("reply_count").asLong()).isEqualTo(2);
      assertThat(thread.path("unread_replies").asLong()).as("as the author sees it").isEqualTo(2);

      long at = second.path("create_at").asLong();
      assertJson(p.author().client().put(threads(p.author(), p.teamId()) + "/" + root + "/read/" + at, Map.of()), 200);
      JsonNode read = author.await(f -> "thread_read_changed".equals(f.path("event").asText()));
      assertThat(read.path("data").path("thread_id").asText()).isEqualTo(root);
      assertThat(read.path("data").path("unread_replies").asLong()).isZero();
      assertJson(p.author().client().delete(threads(p.author(), p.teamId()) + "/" + root + "/following"), 200);
      JsonNode unfollowed = author.await(f -> "thread_follow_changed".equals(f.path("event").asText()));
      assertThat(unfollowed.path("data").path("state").asBoolean()).isFalse();
      assertThat(unfollowed.path("data").path("reply_count").asLong()).isEqualTo(2);
    }
  }

  private static JsonNode threadOf(JsonNode frame) {
    try {
      return new ObjectMapper().readTree(frame.path("data").path("thread").asText());
    } catch (java.io.IOException e) {
      throw new AssertionError("thread_updated carries no thread: " + frame, e);
    }
  }

  @Test
  void unfollowedThreadsLeaveTheListAndOnlyOneselfManagesThem() {
    Place p = place();
    String root = p.author().client().createPost(p.channelId(), "topic").path("id").asText();
    reply(p.replier(), p.channelId(), root, "reply");

    assertJson(p.author().client().delete(threads(p.author(), p.teamId()) + "/" + root + "/following"), 200);
    JsonNode afterUnfollow = assertJson(p.author().client().get(threads(p.author(), p.teamId())), 200);
    assertJson(p.author().client().put(threads(p.author(), p.teamId()) + "/" + root + "/following", Map.of()), 200);
    JsonNode afterFollow = assertJson(p.author().client().get(threads(p.author(), p.teamId())), 200);
    assertJson(p.author().client().put(threads(p.author(), p.teamId()) + "/read", Map.of()), 200);
    JsonNode afterReadAll = assertJson(p.author().client().get(threads(p.author(), p.teamId()) + "/" + root), 200);

    assertThat(afterUnfollow.path("total").asLong()).isZero();
    assertThat(afterFollow.path("total").asLong()).isEqualTo(1);
    assertThat(afterReadAll.path("unread_replies").asLong()).isZero();
    assertError(p.replier().client().get(threads(p.author(), p.teamId())), 403, "api.context.permissions.app_error");
    assertError(p.outsider().client().put(threads(p.outsider(), p.teamId()) + "/" + root + "/following", Map.of()), 403,
        "api.context.permissions.app_error");
    assertError(p.author().client().get(threads(p.author(), p.teamId()) + "?per_page=0"), 400, "api.context.invalid_url_param.app_error");
    assertError(p.author().client().get(threads(p.author(), p.teamId()) + "/" + p.channelId()), 404, "app.thread.get_for_user.app_error");
    assertError(node.client().get(threads(p.author(), p.teamId())), 401, "api.context.session_expired.app_error");
  }
}
