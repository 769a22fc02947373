package chorus.node.api;

import static chorus.node.api.ApiAssertions.assertError;
import static chorus.node.api.ApiAssertions.assertJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.ApiClient.Response;
import chorus.node.testkit.NodeFixture;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Creating, listing (pages and cursors), editing, deleting and searching posts. */
class PostApiTest {
  @RegisterExtension
  static final NodeFixture node = NodeFixture.withAdmin();

  private record User(ApiClient client, String id, String username) {}

  /** A user who owns a team and an open channel in it. */
  private record Room(User owner, String teamId, String channelId) {}

  private static User user(String prefix) {
    ApiClient client = node.client();
    JsonNode me = client.signUp(prefix);
    return new User(client, me.path("id").asText(), me.path("username").asText());
  }

  private static Room room() {
    User owner = user("owner");
    String teamId = owner.client().createTeam("team").path("id").asText();
    return new Room(owner, teamId, owner.client().createChannel(teamId, "chan").path("id").asText());
  }

  private static void join(Room room, User who) {
    assertJson(room.owner().client().post("/teams/" + room.teamId() + "/members",
        Map.of("team_id", room.teamId(), "user_id", who.id())), 201);
    assertJson(room.owner().client().post("/channels/" + room.channelId() + "/members", Map.of("user_id", who.id())), 201);
  }

  /** A user in the room's team but in none of its channels beyond the defaults. */
  private static User teammate(Room room) {
    User teammate = user("teammate");
    assertJson(room.owner().client().post("/teams/" + room.teamId() + "/members",
        Map.of("team_id", room.teamId(), "user_id", teammate.id())), 201);
    return teammate;
  }

  /** A private channel of the room's team with only the owner in it. */
  private static JsonNode privateChannel(Room room) {
    return assertJson(room.owner().client().post("/channels", Map.of("team_id", room.teamId(),
        "name", ApiClient.unique("priv"), "display_name", "Private", "type", "P")), 201);
  }

  private static JsonNode list(User reader, String channelId, String query) {
    JsonNode list = assertJson(reader.client().get("/channels/" + channelId + "/posts" + query), 200);
    assertThat(list.path("order").isArray()).as("order is an array").isTrue();
    assertThat(list.path("posts").isObject()).as("posts is an object").isTrue();
    assertThat(list.path("order").size()).isEqualTo(list.path("posts").size());
    return list;
  }

  private static List<String> order(JsonNode list) {
    return ApiClient.texts(list.path("order"));
  }

  /** The order without the system posts joining the room wrote ("added to the channel by ..."). */
  private static List<String> userPosts(JsonNode list) {
    return order(list).stream().filter(id -> !list.path("posts").path(id).path("type").asText().startsWith("system_")).toList();
  }

  private static String id(JsonNode post) {
    return post.path("id").asText();
  }

  // --- pins ---

  @Test
  void membersPinAndUnpinAndThePinnedListFollows() {
    Room room = room();
    User member = user("member");
    join(room, member);
    String first = id(room.owner().client().createPost(room.channelId(), "first"));
    String second = id(room.owner().client().createPost(room.channelId(), "second"));

    assertJson(member.client().post("/posts/" + first + "/pin", Map.of()), 200);
    assertJson(member.client().post("/posts/" + second + "/pin", Map.of()), 200);
    assertJson(room.owner().client().post("/posts/" + first + "/unpin", Map.of()), 200);

    JsonNode pinned = assertJson(member.client().get("/channels/" + room.channelId() + "/pinned"), 200);
    assertThat(order(pinned)).containsExactly(second);
    assertThat(pinned.path("posts").path(second).path("is_pinned").asBoolean()).isTrue();
    assertThat(assertJson(member.client().get("/posts/" + first), 200).path("is_pinned").asBoolean()).isFalse();
    User outsider = teammate(room);
    assertError(outsider.client().post("/posts/" + second + "/unpin", Map.of()), 403, "api.context.permissions.app_error");
    assertError(member.client().post("/posts/" + room.teamId() + "/pin", Map.of()), 404, "app.post.get.app_error");
  }

  // --- create ---

  @Test
  void createReturns201AndTheCallerIsTheAuthor() {
    Room room = room();
    User someoneElse = user("else");
    long before = System.currentTimeMillis();

    Response response = room.owner().client().post("/posts", Map.of("channel_id", room.channelId(), "message", "hello",
        "user_id", someoneElse.id(), "create_at", 1000, "pending_post_id", "pending-1"));

    long after = System.currentTimeMillis();
    JsonNode post = assertJson(response, 201);
    assertThat(id(post)).matches("[a-z0-9]{26}");
    assertThat(post.path("user_id").asText()).isEqualTo(room.owner().id());
    assertThat(post.path("channel_id").asText()).isEqualTo(room.channelId());
    assertThat(post.path("message").asText()).isEqualTo("hello");
    assertThat(post.path("pending_post_id").asText()).isEqualTo("pending-1");
    assertThat(post.path("create_at").asLong()).isBetween(before, after);
    assertThat(post.path("delete_at").asLong()).isZero();
    assertThat(userPosts(list(room.owner(), room.channelId(), ""))).containsExactly(id(post));
  }

  @Test
  void aRetryWithTheSamePendingPostIdGetsThePostAlreadyMade() {
    Room room = room();
    User member = teammate(room);
    join(room, member);
    Map<String, Object> body = Map.of("channel_id", room.channelId(), "message", "once", "pending_post_id", "retry-1");

    JsonNode first = assertJson(room.owner().client().post("/posts", body), 201);
    JsonNode again = assertJson(room.owner().client().post("/posts", body), 201);
    JsonNode someoneElses = assertJson(member.client().post("/posts", body), 201);

    assertThat(id(again)).isEqualTo(id(first));
    assertThat(again.path("create_at").asLong()).isEqualTo(first.path("create_at").asLong());
    assertThat(id(someoneElses)).as("the id is unique per user only").isNotEqualTo(id(first));
    assertThat(userPosts(list(room.owner(), room.channelId(), ""))).containsExactly(id(someoneElses), id(first));
  }

  @Test
  void concurrentRetriesOfOnePendingPostMakeOnePost() throws Exception {
    Room room = room();
    Map<String, Object> body = Map.of("channel_id", room.channelId(), "message", "raced", "pending_post_id", "race-1");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<CompletableFuture<Response>> attempts = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        attempts.add(CompletableFuture.supplyAsync(() -> room.owner().client().post("/posts", body), pool));
      }
      HashSet<String> ids = new HashSet<>();
      for (CompletableFuture<Response> attempt : attempts) {
        ids.add(id(assertJson(attempt.get(), 201)));
      }

      assertThat(ids).hasSize(1);
      assertThat(order(list(room.owner(), room.channelId(), ""))).containsExactlyElementsOf(ids);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theLongestMessageIsAcceptedAndOneMoreCharacterIsNot() {
    Room room = room();

    JsonNode longest = assertJson(room.owner().client().post("/posts",
        Map.of("channel_id", room.channelId(), "message", "a".repeat(16383))), 201);
    Response tooLong = room.owner().client().post("/posts", Map.of("channel_id", room.channelId(), "message", "a".repeat(16384)));

    assertThat(longest.path("message").asText()).hasSize(16383);
    assertError(tooLong, 400, "model.post.is_valid.msg.app_error");
    assertThat(order(list(room.owner(), room.channelId(), ""))).containsExactly(id(longest));
  }

  /** The limit counts characters (runes), not UTF-16 units or bytes. */
  @Test
  void theMessageLimitCountsCharactersNotBytes() {
    Room room = room();
    String emoji = "\uD83D\uDE00";

    assertJson(room.owner().client().post("/posts", Map.of("channel_id", room.channelId(), "message", emoji.repeat(16383))), 201);
    assertError(room.owner().client().post("/posts", Map.of("channel_id", room.channelId(), "message", emoji.repeat(16384))),
        400, "model.post.is_valid.msg.app_error");
    assertThat(order(list(room.owner(), room.channelId(), ""))).hasSize(1);
  }

  @Test
  void nonMembersCannotPostAndNothingIsStored() {
    Room room = room();
    User outsider = user("outsider");
    User teammate = teammate(room);
    JsonNode privateChannel = privateChannel(room);

    assertError(outsider.client().post("/posts", Map.of("channel_id", room.channelId(), "message", "intruder")),
        403, "api.context.permissions.app_error");
    assertError(teammate.client().post("/posts", Map.of("channel_id", id(privateChannel), "message", "intruder")),
        403, "api.context.permissions.app_error");

    assertThat(order(list(room.owner(), room.channelId(), ""))).isEmpty();
    assertThat(order(list(room.owner(), id(privateChannel), ""))).isEmpty();
  }

  @Test
  void nonMembersCannotReadAPrivateChannelOrATeamTheyAreNotIn() {
    Room room = room();
    User outsider = user("outsider");
    User teammate = teammate(room);
    JsonNode privateChannel = privateChannel(room);
    JsonNode secret = room.owner().client().createPost(id(privateChannel), "secret");
    JsonNode open = room.owner().client().createPost(room.channelId(), "public");

    assertError(teammate.client().get("/channels/" + id(privateChannel) + "/posts"), 403, "api.context.permissions.app_error");
    assertError(teammate.client().get("/posts/" + id(secret)), 403, "api.context.permissions.app_error");
    assertError(outsider.client().get("/channels/" + room.channelId() + "/posts"), 403, "api.context.permissions.app_error");
    // A team member may read the team's open channels without joining them.
    assertThat(order(list(teammate, room.channelId(), ""))).containsExactly(id(open));
  }

  @Test
  void rapidPostsGetStrictlyIncreasingCreateTimes() {
    Room room = room();
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      times.add(room.owner().client().createPost(room.channelId(), "rapid " + i).path("create_at").asLong());
    }

    for (int i = 1; i < times.size(); i++) {
      assertThat(times.get(i)).as("post %d", i).isGreaterThan(times.get(i - 1));
    }
    JsonNode list = list(room.owner(), room.channelId(), "?per_page=200");
    List<String> messages = new ArrayList<>();
    list.path("order").forEach(postId -> messages.add(list.path("posts").path(postId.asText()).path("message").asText()));
    assertThat(messages.get(0)).isEqualTo("rapid 19");
    assertThat(messages.get(19)).isEqualTo("rapid 0");
  }

  @Test
  void concurrentPostsInOneChannelNeverShareACreateTime() {
    Room room = room();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<CompletableFuture<Long>> posts = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        String message = "burst " + i;
        posts.add(CompletableFuture.supplyAsync(
            () -> room.owner().client().createPost(room.channelId(), message).path("create_at").asLong(), pool));
      }
      List<Long> times = posts.stream().map(CompletableFuture::join).toList();

      assertThat(new HashSet<>(times)).hasSize(times.size());
      assertThat(order(list(room.owner(), room.channelId(), "?per_page=200"))).hasSize(24);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aReplyMustBelongToARootInTheSameChannel() {
    Room room = room();
    Room elsewhere = room();
    JsonNode foreignRoot = elsewhere.owner().client().createPost(elsewhere.channelId(), "root elsewhere");
    JsonNode root = room.owner().client().createPost(room.channelId(), "root");

    JsonNode reply = assertJson(room.owner().client().post("/posts",
        Map.of("channel_id", room.channelId(), "message", "reply", "root_id", id(root))), 201);
    Response misplaced = room.owner().client().post("/posts",
        Map.of("channel_id", room.channelId(), "message", "lost", "root_id", id(foreignRoot)));

    assertThat(reply.path("root_id").asText()).isEqualTo(id(root));
    assertError(misplaced, 400, "api.post.create_post.root_id.app_error");
    assertThat(order(list(room.owner(), room.channelId(), ""))).containsExactly(id(reply), id(root));
  }

  // --- list: pages and cursors (B.6) ---

  /** Five posts, oldest first. */
  private static List<String> fivePosts(Room room) {
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      ids.add(id(room.owner().client().createPost(room.channelId(), "post " + i)));
    }
    return ids;
  }

  private static void assertPage(JsonNode list, List<String> order, String next, String prev) {
    assertThat(order(list)).as("order").containsExactlyElementsOf(order);
    assertThat(list.path("next_post_id").asText()).as("next_post_id").isEqualTo(next);
    assertThat(list.path("prev_post_id").asText()).as("prev_post_id").isEqualTo(prev);
  }

  @Test
  void pagesAreNewestFirstWithCursors() {
    Room room = room();
    List<String> p = fivePosts(room);
    User owner = room.owner();
    String channel = room.channelId();

    assertPage(list(owner, channel, ""), List.of(p.get(4), p.get(3), p.get(2), p.get(1), p.get(0)), "", "");
    assertPage(list(owner, channel, "?page=0&per_page=2"), List.of(p.get(4), p.get(3)), "", p.get(2));
    assertPage(list(owner, channel, "?page=1&per_page=2"), List.of(p.get(2), p.get(1)), p.get(3), p.get(0));
    assertPage(list(owner, channel, "?page=2&per_page=2"), List.of(p.get(0)), p.get(1), "");
    assertPage(list(owner, channel, "?page=3&per_page=2"), List.of(), "", "");
    JsonNode page0 = list(owner, channel, "?page=0&per_page=2");
    assertThat(page0.path("posts").path(p.get(4)).path("message").asText()).isEqualTo("post 5");
  }

  @Test
  void anEmptyChannelHasAnEmptyListNotNull() {
    Room room = room();

    JsonNode list = list(room.owner(), room.channelId(), "");

    assertThat(list.path("order").size()).isZero();
    assertThat(list.path("posts").size()).isZero();
    assertThat(list.path("next_post_id").asText()).isEmpty();
    assertThat(list.path("prev_post_id").asText()).isEmpty();
  }

  @Test
  void beforeAPostPagesOlderPosts() {
    Room room = room();
    List<String> p = fivePosts(room);
    User owner = room.owner();
    String channel = room.channelId();

    assertPage(list(owner, channel, "?before=" + p.get(3) + "&per_page=2"), List.of(p.get(2), p.get(1)), p.get(3), p.get(0));
    assertPage(list(owner, channel, "?before=" + p.get(1) + "&per_page=2"), List.of(p.get(0)), p.get(1), "");
    assertPage(list(owner, channel, "?before=" + p.get(3) + "&page=1&per_page=2"), List.of(p.get(0)), p.get(1), "");
    assertPage(list(owner, channel, "?before=" + p.get(0) + "&per_page=2"), List.of(), p.get(0), "");
  }

  @Test
  void afterAPostPagesNewerPosts() {
    Room room = room();
    List<String> p = fivePosts(room);
    User owner = room.owner();
    String channel = room.channelId();

    assertPage(list(owner, channel, "?after=" + p.get(1) + "&per_page=2"), List.of(p.get(3), p.get(2)), p.get(4), p.get(1));
    assertPage(list(owner, channel, "?after=" + p.get(3) + "&per_page=2"), List.of(p.get(4)), "", p.get(3));
    assertPage(list(owner, channel, "?after=" + p.get(0) + "&page=1&per_page=2"), List.of(p.get(4), p.get(3)), "", p.get(2));
    assertPage(list(owner, channel, "?after=" + p.get(4) + "&per_page=2"), List.of(), "", p.get(4));
  }

  @Test
  void sinceReturnsCreatedEditedAndDeletedPostsWithoutCursors() {
    Room room = room();
    User owner = room.owner();
    JsonNode edited = owner.client().createPost(room.channelId(), "will be edited");
    JsonNode deleted = owner.client().createPost(room.channelId(), "will be deleted");
    JsonNode untouched = owner.client().createPost(room.channelId(), "untouched");
    long since = untouched.path("create_at").asLong();
    // Changes must land in a later millisecond than "since" for the query to see them.
    await().atMost(Duration.ofSeconds(5)).until(() -> System.currentTimeMillis() > since);

    assertJson(owner.client().put("/posts/" + id(edited) + "/patch", Map.of("message", "edited")), 200);
    assertJson(owner.client().delete("/posts/" + id(deleted)), 200);
    JsonNode created = owner.client().createPost(room.channelId(), "new");

    JsonNode list = list(owner, room.channelId(), "?since=" + since);

    assertThat(order(list)).containsExactlyInAnyOrder(id(edited), id(deleted), id(created));
    assertThat(list.path("posts").path(id(edited)).path("message").asText()).isEqualTo("edited");
    assertThat(list.path("posts").path(id(deleted)).path("delete_at").asLong()).isGreaterThan(since);
    assertThat(list.path("posts").path(id(created)).path("delete_at").asLong()).isZero();
    assertThat(list.path("next_post_id").asText()).isEmpty();
    assertThat(list.path("prev_post_id").asText()).isEmpty();
    // since wins over the other parameters.
    assertThat(order(list(owner, room.channelId(), "?since=" + since + "&before=" + id(untouched) + "&page=3")))
        .containsExactlyInAnyOrder(id(edited), id(deleted), id(created));
  }

  /** Mattermost only takes the "since" path for a positive time; since=0 is an ordinary page. */
  @Test
  void sinceZeroIsAPlainPage() {
    Room room = room();
    List<String> p = fivePosts(room);
    assertJson(room.owner().client().delete("/posts/" + p.get(2)), 200);

    assertPage(list(room.owner(), room.channelId(), "?since=0&per_page=2"), List.of(p.get(4), p.get(3)), "", p.get(1));
  }

  // --- patch and delete ---

  @Test
  void theAuthorCanEditAPost() {
    Room room = room();
    JsonNode post = room.owner().client().createPost(room.channelId(), "before");

    JsonNode patched = assertJson(room.owner().client().put("/posts/" + id(post) + "/patch", Map.of("message", "after")), 200);

    assertThat(id(patched)).isEqualTo(id(post));
    assertThat(patched.path("message").asText()).isEqualTo("after");
    assertThat(patched.path("edit_at").asLong()).isGreaterThanOrEqualTo(post.path("create_at").asLong()).isPositive();
    assertThat(patched.path("update_at").asLong()).isGreaterThanOrEqualTo(patched.path("edit_at").asLong());
    assertThat(patched.path("create_at").asLong()).isEqualTo(post.path("create_at").asLong());
    JsonNode read = assertJson(room.owner().client().get("/posts/" + id(post)), 200);
    assertThat(read.path("message").asText()).isEqualTo("after");
    assertThat(read.path("edit_at").asLong()).isEqualTo(patched.path("edit_at").asLong());
  }

  @Test
  void nobodyElseCanEditOrDeleteAPost() {
    Room room = room();
    User member = user("member");
    join(room, member);
    JsonNode post = room.owner().client().createPost(room.channelId(), "mine");

    assertError(member.client().put("/posts/" + id(post) + "/patch", Map.of("message", "hijacked")), 403, "api.context.permissions.app_error");
    assertError(member.client().delete("/posts/" + id(post)), 403, "api.context.permissions.app_error");

    JsonNode read = assertJson(room.owner().client().get("/posts/" + id(post)), 200);
    assertThat(read.path("message").asText()).isEqualTo("mine");
    assertThat(read.path("edit_at").asLong()).isZero();
    assertThat(userPosts(list(room.owner(), room.channelId(), ""))).containsExactly(id(post));
  }

  @Test
  void pinningIsNotAnEdit() {
    Room room = room();
    JsonNode post = room.owner().client().createPost(room.channelId(), "pin me");

    JsonNode patched = assertJson(room.owner().client().put("/posts/" + id(post) + "/patch", Map.of("is_pinned", true)), 200);

    assertThat(patched.path("is_pinned").asBoolean()).isTrue();
    assertThat(patched.path("message").asText()).isEqualTo("pin me");
    assertThat(patched.path("edit_at").asLong()).isZero();
    assertThat(assertJson(room.owner().client().get("/posts/" + id(post)), 200).path("is_pinned").asBoolean()).isTrue();
  }

  @Test
  void anEmptyOrTooLongPatchIsRejected() {
    Room room = room();
    JsonNode post = room.owner().client().createPost(room.channelId(), "unchanged");

    Response empty = room.owner().client().put("/posts/" + id(post) + "/patch", Map.of());
    Response tooLong = room.owner().client().put("/posts/" + id(post) + "/patch", Map.of("message", "a".repeat(16384)));

    assertJson(empty, 400);
    assertThat(empty.body().path("status_code").asInt()).isEqualTo(400);
    assertError(tooLong, 400, "model.post.is_valid.msg.app_error");
    JsonNode read = assertJson(room.owner().client().get("/posts/" + id(post)), 200);
    assertThat(read.path("message").asText()).isEqualTo("unchanged");
    assertThat(read.path("edit_at").asLong()).isZero();
  }

  @Test
  void deleteRemovesThePostFromTheChannel() {
    Room room = room();
    JsonNode kept = room.owner().client().createPost(room.channelId(), "kept");
    JsonNode doomed = room.owner().client().createPost(room.channelId(), "doomed");

    Response response = room.owner().client().delete("/posts/" + id(doomed));

    JsonNode body = assertJson(response, 200);
    assertThat(body.path("status").asText()).isEqualTo("OK");
    assertThat(order(list(room.owner(), room.channelId(), ""))).containsExactly(id(kept));
    assertJson(room.owner().client().get("/posts/" + id(doomed)), 404);
    assertJson(room.owner().client().delete("/posts/" + id(doomed)), 404);
    assertJson(room.owner().client().put("/posts/" + id(doomed) + "/patch", Map.of("message", "revived")), 404);
  }

  // --- search ---

  /** A word no other test uses, letters only so the text search sees one token. */
  private static String word() {
    StringBuilder word = new StringBuilder("w");
    for (int i = 0; i < 10; i++) {
      word.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
    }
    return word.toString();
  }

  private record SearchRoom(Room room, User member, String openName, String privateName,
      JsonNode ownerPost, JsonNode memberPost, JsonNode privatePost, String key, String second, String third) {}

  /**
   * Owner and member share an open channel; the owner also has a private channel. Every post
   * carries {@code key}; the owner's open post continues with {@code second third}.
   */
  private static SearchRoom searchRoom() {
    Room room = room();
    User member = user("member");
    join(room, member);
    String openName = assertJson(room.owner().client().get("/channels/" + room.channelId()), 200).path("name").asText();
    String privateName = ApiClient.unique("priv");
    String privateId = id(assertJson(room.owner().client().post("/channels", Map.of("team_id", room.teamId(),
        "name", privateName, "display_name", "Private", "type", "P")), 201));
    String key = word();
    String second = word();
    String third = word();
    JsonNode ownerPost = room.owner().client().createPost(room.channelId(), key + " " + second + " " + third);
    JsonNode memberPost = member.client().createPost(room.channelId(), "Also " + key + " here");
    JsonNode privatePost = room.owner().client().createPost(privateId, key + " secret");
    return new SearchRoom(room, member, openName, privateName, ownerPost, memberPost, privatePost, key, second, third);
  }

  private static JsonNode search(User user, String teamId, String terms) {
    JsonNode results = assertJson(user.client().post("/teams/" + teamId + "/posts/search",
        Map.of("terms", terms, "is_or_search", false, "page", 0, "per_page", 60)), 200);
    assertThat(results.path("order").isArray()).isTrue();
    assertThat(results.path("posts").isObject()).isTrue();
    assertThat(results.path("matches").isObject()).as("matches map").isTrue();
    return results;
  }

  @Test
  void searchFindsAWordOnlyInTheCallersChannels() {
    SearchRoom s = searchRoom();

    JsonNode asMember = search(s.member(), s.room().teamId(), s.key());
    JsonNode asOwner = search(s.room().owner(), s.room().teamId(), s.key());

    assertThat(order(asMember)).containsExactly(id(s.memberPost()), id(s.ownerPost()));
    assertThat(asMember.path("posts").path(id(s.ownerPost())).path("message").asText()).contains(s.key());
    assertThat(ApiClient.texts(asMember.path("matches").path(id(s.memberPost())))).contains(s.key());
    assertThat(order(asOwner)).containsExactly(id(s.privatePost()), id(s.memberPost()), id(s.ownerPost()));
  }

  @Test
  void searchForAQuotedPhraseKeepsTheWordOrder() {
    SearchRoom s = searchRoom();

    assertThat(order(search(s.member(), s.room().teamId(), "\"" + s.second() + " " + s.third() + "\"")))
        .containsExactly(id(s.ownerPost()));
    assertThat(order(search(s.member(), s.room().teamId(), "\"" + s.third() + " " + s.second() + "\""))).isEmpty();
  }

  @Test
  void searchFromAUserAndInAChannel() {
    SearchRoom s = searchRoom();
    String team = s.room().teamId();

    assertThat(order(search(s.member(), team, "from:" + s.room().owner().username() + " " + s.key())))
        .containsExactly(id(s.ownerPost()));
    assertThat(order(search(s.member(), team, "from:" + s.member().username() + " " + s.key())))
        .containsExactly(id(s.memberPost()));
    assertThat(order(search(s.member(), team, "in:" + s.openName() + " " + s.key())))
        .containsExactly(id(s.memberPost()), id(s.ownerPost()));
    assertThat(order(search(s.member(), team, "in:" + s.privateName() + " " + s.key()))).isEmpty();
    assertThat(order(search(s.room().owner(), team, "in:" + s.privateName() + " " + s.key())))
        .containsExactly(id(s.privatePost()));
  }

  @Test
  void searchByDate() {
    SearchRoom s = searchRoom();
    String team = s.room().teamId();
    LocalDate day = Instant.ofEpochMilli(s.ownerPost().path("create_at").asLong()).atZone(ZoneOffset.UTC).toLocalDate();
    List<String> both = List.of(id(s.memberPost()), id(s.ownerPost()));

    assertThat(order(search(s.member(), team, "on:" + day + " " + s.key()))).containsExactlyElementsOf(both);
    assertThat(order(search(s.member(), team, "after:" + day.minusDays(1) + " " + s.key()))).containsExactlyElementsOf(both);
    assertThat(order(search(s.member(), team, "before:" + day.plusDays(1) + " " + s.key()))).containsExactlyElementsOf(both);
    assertThat(order(search(s.member(), team, "before:" + day + " " + s.key()))).isEmpty();
    assertThat(order(search(s.member(), team, "after:" + day + " " + s.key()))).isEmpty();
    assertThat(order(search(s.member(), team, "on:" + day.minusDays(1) + " " + s.key()))).isEmpty();
  }

  @Test
  void searchWithOrAndExclusions() {
    SearchRoom s = searchRoom();
    String team = s.room().teamId();
    String other = word();
    JsonNode unrelated = s.member().client().createPost(s.room().channelId(), other + " only");

    JsonNode any = assertJson(s.member().client().post("/teams/" + team + "/posts/search",
        Map.of("terms", s.second() + " " + other, "is_or_search", true)), 200);

    assertThat(order(any)).containsExactly(id(unrelated), id(s.ownerPost()));
    assertThat(order(search(s.member(), team, s.second() + " " + other))).isEmpty();
    assertThat(order(search(s.member(), team, s.key() + " -" + s.second()))).containsExactly(id(s.memberPost()));
  }

  @Test
  void directMessagesAreSearchableByTheirParticipantsOnly() {
    SearchRoom s = searchRoom();
    User stranger = user("stranger");
    join(s.room(), stranger);
    JsonNode direct = assertJson(s.member().client().post("/channels/direct", List.of(s.member().id(), s.room().owner().id())), 201);
    String dmWord = word();
    JsonNode dm = s.member().client().createPost(id(direct), dmWord + " between us");

    assertThat(order(search(s.room().owner(), s.room().teamId(), dmWord))).containsExactly(id(dm));
    assertThat(order(search(s.member(), s.room().teamId(), dmWord))).containsExactly(id(dm));
    assertThat(order(search(stranger, s.room().teamId(), dmWord))).isEmpty();
    assertThat(order(list(s.room().owner(), id(direct), ""))).containsExactly(id(dm));
    assertError(stranger.client().get("/channels/" + id(direct) + "/posts"), 403, "api.context.permissions.app_error");
    assertError(stranger.client().post("/posts", Map.of("channel_id", id(direct), "message", "hi")), 403, "api.context.permissions.app_error");
  }

  @Test
  void searchNeedsTerms() {
    SearchRoom s = searchRoom();

    Response response = s.member().client().post("/teams/" + s.room().teamId() + "/posts/search", Map.of("terms", "  "));

    assertJson(response, 400);
    assertThat(response.body().path("status_code").asInt()).isEqualTo(400);
  }

  @Test
  void searchWithNoHitsHasEmptyCollections() {
    SearchRoom s = searchRoom();

    JsonNode results = search(s.member(), s.room().teamId(), word());

    assertThat(results.path("order").size()).isZero();
    assertThat(results.path("posts").size()).isZero();
    assertThat(results.path("matches").size()).isZero();
  }

  @Test
  void deletedPostsAreNotFound() {
    SearchRoom s = searchRoom();
    assertJson(s.room().owner().client().delete("/posts/" + id(s.ownerPost())), 200);

    assertThat(order(search(s.member(), s.room().teamId(), s.key()))).containsExactly(id(s.memberPost()));
  }

  @Test
  void searchingATeamYouAreNotInIsForbidden() {
    SearchRoom s = searchRoom();
    User outsider = user("outsider");

    assertError(outsider.client().post("/teams/" + s.room().teamId() + "/posts/search", Map.of("terms", s.key())),
        403, "api.context.permissions.app_error");
  }
}
