package chorus.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.TestCluster;
import chorus.node.testkit.TestNode;
import chorus.node.testkit.WsClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two real nodes in one JVM: a WebSocket connection resumes on the other node with what it
 * missed and no hello (reference E.3), a node that stops hands its connections over so their
 * clients resume losslessly elsewhere, and a logout on one node ends the session's sockets on
 * the other.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterResumeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static TestCluster cluster;
  private static ApiClient alice;
  private static ApiClient bob;
  private static String channelId;

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.start(List.of(Clock.systemUTC(), Clock.systemUTC()));
    alice = cluster.node(0).client();
    alice.signUp("alice");
    String teamId = alice.createTeam("resume").path("id").asText();
    channelId = alice.createChannel(teamId, "resume").path("id").asText();
    bob = cluster.node(1).client();
    String bobId = bob.signUp("bob").path("id").asText();
    assertThat(alice.post("/teams/" + teamId + "/members", Map.of("team_id", teamId, "user_id", bobId)).status()).isEqualTo(201);
    assertThat(alice.post("/channels/" + channelId + "/members", Map.of("user_id", bobId)).status()).isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static ApiClient on(int node, ApiClient user) {
    return new ApiClient(cluster.node(node).baseUrl()).withToken(user.token());
  }

  private static WsClient resume(TestNode node, String connectionId, long sequenceNumber, String token) {
    WsClient ws = WsClient.connect(node.webSocketUrl() + "?connection_id=" + connectionId + "&sequence_number=" + sequenceNumber);
    ws.awaitReply(ws.send("authentication_challenge", Map.of("token", token)));
    return ws;
  }

  private static String post(int node, String message) {
    return on(node, alice).createPost(channelId, message).path("id").asText();
  }

  private static String postId(JsonNode frame) {
    try {
      return JSON.readTree(frame.path("data").path("post").asText()).path("id").asText();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void awaitPosted(WsClient ws, String id) {
    try {
      ws.await(f -> "posted".equals(f.path("event").asText()) && id.equals(postId(f)));
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("post " + id + " never arrived; the socket got " + ws.frames(), e);
    }
  }

  private static List<String> posted(WsClient ws) {
    return ws.events("posted").stream().map(ClusterResumeTest::postId).toList();
  }

  private static long nextSeq(WsClient ws) {
    List<JsonNode> events = ws.frames().stream().filter(f -> f.has("event")).toList();
    return events.get(events.size() - 1).path("seq").asLong() + 1;
  }

  private static List<Long> eventSeqs(WsClient ws) {
    return ws.frames().stream().filter(f -> f.has("event")).map(f -> f.path("seq").asLong()).toList();
  }

  @Test
  @Order(1)
  void aConnectionResumesOnTheOtherNodeWithWhatItMissedAndNoHello() {
    WsClient first = WsClient.authenticated(cluster.node(0).webSocketUrl(), bob.token());
    String connectionId = first.awaitEvent("hello").path("data").path("connection_id").asText();
    String before = post(1, "before");
    awaitPosted(first, before);
    long next = nextSeq(first);
    first.close();

    List<String> meanwhile = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      meanwhile.add(post(i % 2, "meanwhile " + i));
    }
    try (WsClient second = resume(cluster.node(1), connectionId, next, bob.token())) {
      awaitPosted(second, meanwhile.get(3));
      String after = post(0, "after");
      awaitPosted(second, after);

      assertThat(second.events("hello")).as("a resume sends no hello").isEmpty();
      List<String> expected = new ArrayList<>(meanwhile);
      expected.add(after);
      assertThat(posted(second)).containsExactlyElementsOf(expected);
      List<Long> seqs = eventSeqs(second);
      assertThat(seqs).as("contiguous from the client's sequence number")
          .containsExactlyElementsOf(LongStream.range(next, next + seqs.size()).boxed().toList());
    }
  }

  @Test
  @Order(2)
  void aLogoutOnOneNodeEndsTheSessionsSocketOnTheOther() {
    ApiClient leaving = cluster.node(0).client();
    leaving.signUp("leaving");
    try (WsClient socket = WsClient.authenticated(cluster.node(1).webSocketUrl(), leaving.token())) {
      socket.awaitEvent("hello");
      assertThat(leaving.post("/users/logout", Map.of()).status()).isEqualTo(200);

      socket.awaitClosed(Duration.ofSeconds(10));
      assertThat(on(1, leaving).get("/users/me").status()).isEqualTo(401);
    }
  }

  @Test
  @Order(3)
  void aNodeThatStopsHandsItsConnectionsOverAndTheirClientsResumeLosslessly() {
    WsClient onStopping = WsClient.authenticated(cluster.node(1).webSocketUrl(), bob.token());
    String connectionId = onStopping.awaitEvent("hello").path("data").path("connection_id").asText();
    String before = post(0, "before the stop");
    awaitPosted(onStopping, before);

    Thread stopper = new Thread(() -> cluster.node(1).close(), "stop-node-1");
    stopper.start();
    // Posted while the node drains and hands off: the connection must keep every one of them.
    List<String> during = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (onStopping.closed().getNow(null) == null && System.nanoTime() < deadline) {
      String id = post(0, "during " + during.size());
      during.add(id);
      await().atMost(Duration.ofSeconds(10)).until(() -> onStopping.closed().isDone() || posted(onStopping).contains(id));
    }
    assertThat(onStopping.closed()).as("the stopping node closes the socket after handing it off").isDone();
    long next = nextSeq(onStopping);
    List<String> seenBeforeClose = posted(onStopping);
    during.add(post(0, "after the close"));

    try (WsClient resumed = resume(cluster.node(0), connectionId, next, bob.token())) {
      awaitPosted(resumed, during.get(during.size() - 1));
      assertThat(resumed.events("hello")).as("a handed-off connection resumes without hello").isEmpty();
      List<String> all = new ArrayList<>(seenBeforeClose);
      all.addAll(posted(resumed));
      assertThat(all).as("every post exactly once, in order").endsWith(during.toArray(String[]::new));
      assertThat(all).doesNotHaveDuplicates();
      assertThat(eventSeqs(resumed).get(0)).isEqualTo(next);
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> !stopper.isAlive());
  }
}
