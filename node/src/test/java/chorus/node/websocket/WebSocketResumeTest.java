package chorus.node.websocket;

import static chorus.node.websocket.Frames.event;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.TestNode;
import chorus.node.testkit.WsClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mattermost's reliable-WebSocket resume on one node (reference E.2): a socket that comes back
 * with its {@code connection_id} and {@code sequence_number} gets exactly the events from
 * there on, with their original seq and no hello, also when its token comes by challenge; a
 * connection that cannot be resumed gets a new id and a hello.
 */
class WebSocketResumeTest {
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  /** Alice posts into a channel Bob is in. */
  private record Room(Account alice, Account bob, String channelId) {
    static Room open(String prefix) {
      Account alice = Account.signUp(node, prefix + "a");
      Account bob = Account.signUp(node, prefix + "b");
      String teamId = alice.api().createTeam(prefix).path("id").asText();
      String channelId = alice.api().createChannel(teamId, prefix).path("id").asText();
      alice.addToTeam(teamId, bob);
      alice.addToChannel(channelId, bob);
      return new Room(alice, bob, channelId);
    }

    String post(String message) {
      return alice.api().createPost(channelId, message).path("id").asText();
    }
  }

  private static String resumeUrl(String connectionId, long sequenceNumber) {
    return node.webSocketUrl() + "?connection_id=" + connectionId + "&sequence_number=" + sequenceNumber;
  }

  private static WsClient challenged(String url, String token) {
    WsClient ws = WsClient.connect(url);
    ws.awaitReply(ws.send("authentication_challenge", Map.of("token", token)));
    return ws;
  }

  private static List<JsonNode> events(WsClient ws) {
    return ws.frames().stream().filter(f -> f.has("event")).toList();
  }

  private static long nextSeq(WsClient ws) {
    List<JsonNode> events = events(ws);
    return events.get(events.size() - 1).path("seq").asLong() + 1;
  }

  private static List<String> postedIds(WsClient ws) {
    return ws.events("posted").stream().map(f -> Posts.postOf(f).path("id").asText()).toList();
  }

  private static void awaitPosted(WsClient ws, String postId) {
    ws.await(event("posted").and(f -> postId.equals(Posts.postOf(f).path("id").asText())));
  }

  @Test
  void aClientThatComesBackGetsWhatWasPostedMeanwhileWithContiguousSeqAndNoHello() {
    Room room = Room.open("rsm");
    WsClient first = room.bob().connect(node);
    String connectionId = first.awaitEvent("hello").path("data").path("connection_id").asText();
    String before = room.post("before");
    awaitPosted(first, before);
    long next = nextSeq(first);
    first.close();

    List<String> meanwhile = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      meanwhile.add(room.post("meanwhile " + i));
    }
    try (WsClient second = challenged(resumeUrl(connectionId, next), room.bob().token())) {
      awaitPosted(second, meanwhile.get(meanwhile.size() - 1));
      String after = room.post("after");
      awaitPosted(second, after);

      assertThat(second.events("hello")).as("a resume sends no hello").isEmpty();
      assertThat(postedIds(second)).containsExactlyElementsOf(concat(meanwhile, after));
      // Status changes of Bob's own presence may come in between: every event counts, none is skipped.
      List<Long> seqs = events(second).stream().map(f -> f.path("seq").asLong()).toList();
      assertThat(seqs).containsExactlyElementsOf(LongStream.range(next, next + seqs.size()).boxed().toList());
      Frames.roundTrip(second);
    }
  }

  @Test
  void framesTheClientMissedBeforeItsSocketDroppedAreSentAgainWithTheirSeq() {
    Room room = Room.open("rpl");
    WsClient first = room.bob().connect(node);
    String connectionId = first.awaitEvent("hello").path("data").path("connection_id").asText();
    List<String> posts = List.of(room.post("one"), room.post("two"), room.post("three"));
    awaitPosted(first, posts.get(2));
    JsonNode two = first.await(event("posted").and(f -> posts.get(1).equals(Posts.postOf(f).path("id").asText())));
    first.close();

    // As if "two" and "three" were lost on the way: the client asks from "two" on.
    try (WsClient second = WsClient.connect(resumeUrl(connectionId, two.path("seq").asLong()),
        Map.of("Authorization", "Bearer " + room.bob().token()))) {
      awaitPosted(second, posts.get(2));

      assertThat(postedIds(second)).containsExactly(posts.get(1), posts.get(2));
      assertThat(events(second).get(0).path("seq").asLong()).isEqualTo(two.path("seq").asLong());
      assertThat(second.events("hello")).isEmpty();
    }
  }

  @Test
  void anUnknownOrSomeoneElsesConnectionStartsOverWithANewIdAndHello() {
    Room room = Room.open("rnw");
    WsClient bobs = room.bob().connect(node);
    String bobsId = bobs.awaitEvent("hello").path("data").path("connection_id").asText();
    bobs.close();

    try (WsClient unknown = challenged(resumeUrl(node.client().signUp("x").path("id").asText(), 3), room.bob().token());
        WsClient hijack = challenged(resumeUrl(bobsId, 1), room.alice().token())) {
      JsonNode fresh = unknown.awaitEvent("hello");
      JsonNode other = hijack.awaitEvent("hello");

      assertThat(fresh.path("seq").asLong()).isZero();
      assertThat(other.path("data").path("connection_id").asText()).as("Alice cannot take Bob's connection").isNotEqualTo(bobsId);
      assertThat(other.path("broadcast").path("user_id").asText()).isEqualTo(room.alice().id());
    }
    // Bob's connection was left alone: he can still resume it.
    try (WsClient again = challenged(resumeUrl(bobsId, 1), room.bob().token())) {
      String post = room.post("still mine");
      awaitPosted(again, post);
      assertThat(again.events("hello")).isEmpty();
    }
  }

  @Test
  void aMalformedResumeIsABadRequest() {
    ApiClient client = node.client();
    assertThat(client.get("/websocket?connection_id=not-an-id&sequence_number=1").status()).isEqualTo(400);
    assertThat(client.get("/websocket?connection_id=" + client.signUp("y").path("id").asText()).status()).isEqualTo(400);
    assertThat(client.get("/websocket?connection_id=&sequence_number=-1").status()).isEqualTo(400);
  }

  @Test
  void logoutClosesTheSessionsSocket() {
    Room room = Room.open("rlo");
    try (WsClient ws = room.bob().connect(node)) {
      assertThat(room.bob().api().post("/users/logout", Map.of()).status()).isEqualTo(200);

      ws.awaitClosed(Duration.ofSeconds(10));
      assertThat(room.bob().api().get("/users/me").status()).isEqualTo(401);
    }
  }

  private static List<String> concat(List<String> first, String last) {
    List<String> all = new ArrayList<>(first);
    all.add(last);
    return all;
  }
}
