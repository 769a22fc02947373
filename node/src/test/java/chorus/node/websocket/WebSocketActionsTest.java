package chorus.node.websocket;

import static org.assertj.core.api.Assertions.assertThat;

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

/** Client actions, replies, and the per-connection event seq (reference C.2, C.3, C.4). */
class WebSocketActionsTest {
  /**
   * Mattermost (gorilla/websocket) closes with 1009; Pekko HTTP's public API cannot choose a
   * close code, and a failed handler closes with 1011, as for a slow consumer.
   */
  private static final int OVERSIZED_CLOSE_CODE = 1011;
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void pingIsAnsweredWithPongVersionAndServerTime() {
    Account alice = Account.signUp(node, "ping");
    try (WsClient ws = alice.connect(node)) {
      long before = System.currentTimeMillis();
      long ping = ws.send("ping", null);

      JsonNode pong = ws.awaitReply(ping);

      assertThat(pong.path("status").asText()).isEqualTo("OK");
      assertThat(pong.path("seq_reply").asLong()).isEqualTo(ping);
      assertThat(pong.has("seq")).as("replies use no seq: %s", pong).isFalse();
      assertThat(pong.has("event")).isFalse();
      assertThat(pong.path("data").path("text").asText()).isEqualTo("pong");
      String hello = ws.awaitEvent("hello").path("data").path("server_version").asText();
      assertThat(pong.path("data").path("version").asText()).isNotEmpty().isEqualTo(hello);
      assertThat(pong.path("data").path("server_time").asLong()).isBetween(before - 60_000, System.currentTimeMillis() + 60_000);
    }
  }

  @Test
  void everyPingIsAnswered() {
    Account alice = Account.signUp(node, "pings");
    try (WsClient ws = alice.connect(node)) {
      List<Long> pings = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        pings.add(ws.send("ping", null));
      }

      for (long ping : pings) {
        assertThat(ws.awaitReply(ping).path("data").path("text").asText()).isEqualTo("pong");
      }
    }
  }

  /** A 2 MB frame used to be read whole and answered; Mattermost reads at most 8 KB per client message. */
  @Test
  void aMessageOverEightKilobytesClosesTheSocket() {
    Account alice = Account.signUp(node, "huge");
    try (WsClient ws = alice.connect(node)) {
      ws.awaitEvent("hello");
      long fits = ws.send("ping", Map.of("padding", "p".repeat(8 * 1024 - 200)));
      assertThat(ws.awaitReply(fits).path("data").path("text").asText()).isEqualTo("pong");

      ws.sendRaw("{\"seq\": 99, \"action\": \"ping\", \"data\": {\"padding\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}}");

      int code = ws.awaitClosed(Duration.ofSeconds(20));
      assertThat(code).as("close code").isEqualTo(OVERSIZED_CLOSE_CODE);
      assertThat(ws.frames()).noneMatch(frame -> frame.path("seq_reply").asLong() == 99);
    }
  }

  @Test
  void unknownActionFailsWith500() {
    Account alice = Account.signUp(node, "unknown");
    try (WsClient ws = alice.connect(node)) {
      long seq = ws.send("no_such_action", Map.of());

      JsonNode fail = ws.awaitReply(seq);

      assertThat(fail.path("status").asText()).isEqualTo("FAIL");
      assertThat(fail.has("seq")).isFalse();
      assertThat(fail.path("error").path("id").asText()).isEqualTo("api.web_socket_router.bad_action.app_error");
      assertThat(fail.path("error").path("status_code").asInt()).isEqualTo(500);
      assertThat(ws.closed()).isNotDone();
    }
  }

  @Test
  void missingActionFailsWith400() {
    Account alice = Account.signUp(node, "noaction");
    try (WsClient ws = alice.connect(node)) {
      ws.sendRaw("{\"seq\":7,\"data\":{}}");
      ws.sendRaw("{\"seq\":8,\"action\":\"\",\"data\":{}}");

      for (long seq : new long[] {7, 8}) {
        JsonNode fail = ws.awaitReply(seq);
        assertThat(fail.path("status").asText()).isEqualTo("FAIL");
        assertThat(fail.path("error").path("id").asText()).isEqualTo("api.web_socket_router.no_action.app_error");
        assertThat(fail.path("error").path("status_code").asInt()).isEqualTo(400);
      }
    }
  }

  @Test
  void seqBelowOneFailsWith400() {
    Account alice = Account.signUp(node, "badseq");
    try (WsClient ws = alice.connect(node)) {
      ws.sendRaw("{\"seq\":0,\"action\":\"ping\",\"data\":{}}");
      ws.sendRaw("{\"seq\":-5,\"action\":\"ping\",\"data\":{}}");

      for (long seq : new long[] {0, -5}) {
        JsonNode fail = ws.await(Frames.reply(seq));
        assertThat(fail.path("status").asText()).isEqualTo("FAIL");
        assertThat(fail.path("error").path("id").asText()).isEqualTo("api.web_socket_router.bad_seq.app_error");
        assertThat(fail.path("error").path("status_code").asInt()).isEqualTo(400);
      }
    }
  }

  @Test
  void missingActionIsReportedEvenBeforeAuthentication() {
    try (WsClient ws = WsClient.connect(node.webSocketUrl())) {
      ws.sendRaw("{\"seq\":1,\"data\":{}}");

      JsonNode fail = ws.awaitReply(1);

      assertThat(fail.path("error").path("id").asText()).isEqualTo("api.web_socket_router.no_action.app_error");
    }
  }

  @Test
  void eventSeqIsContiguousFromZeroAndRepliesDoNotUseIt() {
    Account alice = Account.signUp(node, "seq");
    String teamId = alice.api().createTeam("seq").path("id").asText();
    String channelId = alice.api().createChannel(teamId, "seq").path("id").asText();
    try (WsClient ws = alice.connect(node)) {
      List<String> postIds = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        postIds.add(alice.api().createPost(channelId, "message " + i).path("id").asText());
        if (i % 10 == 0) {
          Frames.roundTrip(ws); // replies interleave with events and must not use up a seq
        }
      }

      ws.await(frame -> "posted".equals(frame.path("event").asText())
          && postIds.get(29).equals(Posts.postOf(frame).path("id").asText()));

      List<JsonNode> events = ws.frames().stream().filter(f -> f.has("event")).toList();
      assertThat(events.get(0).path("event").asText()).isEqualTo("hello");
      assertThat(events).extracting(f -> f.path("seq").asLong())
          .as("seq of every event, in arrival order")
          .containsExactlyElementsOf(LongStream.range(0, events.size()).boxed().toList());
      assertThat(ws.events("posted")).extracting(f -> Posts.postOf(f).path("id").asText()).containsExactlyElementsOf(postIds);
      assertThat(ws.frames().stream().filter(f -> f.has("seq_reply"))).isNotEmpty().allSatisfy(f -> assertThat(f.has("seq")).isFalse());
    }
  }

  @Test
  void seqStartsAgainAtZeroOnANewSocket() {
    Account alice = Account.signUp(node, "reseq");
    String teamId = alice.api().createTeam("reseq").path("id").asText();
    String channelId = alice.api().createChannel(teamId, "reseq").path("id").asText();
    String firstConnection;
    try (WsClient ws = alice.connect(node)) {
      firstConnection = ws.awaitEvent("hello").path("data").path("connection_id").asText();
      alice.api().createPost(channelId, "one");
      ws.awaitEvent("posted");
    }
    try (WsClient ws = alice.connect(node)) {
      JsonNode hello = ws.awaitEvent("hello");
      assertThat(hello.path("seq").asLong()).isZero();
      assertThat(hello.path("data").path("connection_id").asText()).hasSize(26).isNotEqualTo(firstConnection);
    }
  }
}
