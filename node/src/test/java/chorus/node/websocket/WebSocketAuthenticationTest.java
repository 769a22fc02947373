package chorus.node.websocket;

import static chorus.node.websocket.Frames.event;
import static chorus.node.websocket.Frames.reply;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.node.testkit.TestNode;
import chorus.node.testkit.WsClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** How a socket becomes a user's (reference C.1, C.2, C.3 and I.5). */
class WebSocketAuthenticationTest {
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
  void challengeIsAnsweredOkAfterHelloWithSeqZero() {
    Account alice = Account.signUp(node, "auth");
    try (WsClient ws = WsClient.connect(node.webSocketUrl())) {
      long challenge = ws.send("authentication_challenge", Map.of("token", alice.token()));

      JsonNode ok = ws.awaitReply(challenge);
      JsonNode hello = ws.awaitEvent("hello");

      assertThat(ok.path("status").asText()).isEqualTo("OK");
      assertThat(ok.path("seq_reply").asLong()).isEqualTo(1);
      assertThat(ok.has("seq")).as("a reply uses no seq: %s", ok).isFalse();
      assertThat(ok.has("event")).isFalse();
      List<JsonNode> frames = ws.frames();
      assertThat(frames.indexOf(hello)).as("hello is queued before the OK reply: %s", frames).isLessThan(frames.indexOf(ok));
      assertThat(hello.path("seq").isIntegralNumber()).isTrue();
      assertThat(hello.path("seq").asLong()).isZero();
      assertThat(hello.path("data").path("connection_id").asText()).hasSize(26);
      assertThat(hello.path("data").path("server_version").asText()).isNotEmpty();
      assertThat(hello.path("data").has("server_hostname")).isTrue();
      assertThat(hello.path("broadcast").path("user_id").asText()).isEqualTo(alice.id());
    }
  }

  @Test
  void bearerHeaderOnTheUpgradeAuthenticatesAndALaterChallengeIsIgnored() {
    Account alice = Account.signUp(node, "bearer");
    try (WsClient ws = WsClient.connect(node.webSocketUrl(), Map.of("Authorization", "Bearer " + alice.token()))) {
      JsonNode hello = ws.awaitEvent("hello");
      assertThat(hello.path("seq").asLong()).isZero();
      assertThat(hello.path("broadcast").path("user_id").asText()).isEqualTo(alice.id());

      long challenge = ws.send("authentication_challenge", Map.of("token", alice.token()));
      Frames.roundTrip(ws);

      assertThat(Frames.none(ws, reply(challenge))).as("challenge on an authenticated socket gets no reply: %s", ws.frames()).isTrue();
      assertThat(ws.events("hello")).hasSize(1);
      assertThat(ws.closed()).isNotDone();
    }
  }

  @Test
  void cookieOnTheUpgradeAuthenticates() {
    Account alice = Account.signUp(node, "cookie");
    try (WsClient ws = WsClient.connect(node.webSocketUrl(), Map.of("Cookie", "MMAUTHTOKEN=" + alice.token()))) {
      JsonNode hello = ws.awaitEvent("hello");

      assertThat(hello.path("seq").asLong()).isZero();
      assertThat(hello.path("broadcast").path("user_id").asText()).isEqualTo(alice.id());
      long ping = ws.send("ping", null);
      assertThat(ws.awaitReply(ping).path("status").asText()).isEqualTo("OK");
    }
  }

  @Test
  void badTokenOnTheUpgradeStillLeavesTheChallenge() {
    Account alice = Account.signUp(node, "badupgrade");
    try (WsClient ws = WsClient.connect(node.webSocketUrl(), Map.of("Authorization", "Bearer " + "x".repeat(26)))) {
      long challenge = ws.send("authentication_challenge", Map.of("token", alice.token()));

      assertThat(ws.awaitReply(challenge).path("status").asText()).isEqualTo("OK");
      assertThat(ws.awaitEvent("hello").path("broadcast").path("user_id").asText()).isEqualTo(alice.id());
    }
  }

  @Test
  void badTokenInTheChallengeClosesTheSocket() {
    try (WsClient ws = WsClient.connect(node.webSocketUrl())) {
      long challenge = ws.send("authentication_challenge", Map.of("token", "nosuchsessiontoken12345678"));

      ws.awaitClosed(Duration.ofSeconds(10));

      assertThat(Frames.none(ws, reply(challenge))).as("no reply, just a close: %s", ws.frames()).isTrue();
      assertThat(Frames.none(ws, event("hello"))).isTrue();
    }
  }

  @Test
  void challengeWithoutTokenClosesTheSocket() {
    try (WsClient ws = WsClient.connect(node.webSocketUrl())) {
      ws.send("authentication_challenge", Map.of());

      ws.awaitClosed(Duration.ofSeconds(10));

      assertThat(ws.frames()).isEmpty();
    }
  }

  @Test
  void socketThatNeverAuthenticatesIsClosedAfterFiveSeconds() {
    try (WsClient ws = WsClient.connect(node.webSocketUrl())) {
      long opened = System.nanoTime();

      ws.awaitClosed(Duration.ofSeconds(10));

      assertThat(Duration.ofNanos(System.nanoTime() - opened)).isGreaterThanOrEqualTo(Duration.ofSeconds(4));
      assertThat(ws.frames()).isEmpty();
    }
  }

  @Test
  void actionsBeforeAuthenticationFailWith401() {
    try (WsClient ws = WsClient.connect(node.webSocketUrl())) {
      long ping = ws.send("ping", null);
      long typing = ws.send("user_typing", Map.of("channel_id", "c".repeat(26), "parent_id", ""));

      for (long seq : new long[] {ping, typing}) {
        JsonNode fail = ws.awaitReply(seq);
        assertThat(fail.path("status").asText()).isEqualTo("FAIL");
        assertThat(fail.has("seq")).isFalse();
        assertThat(fail.path("error").path("id").asText()).isEqualTo("api.web_socket_router.not_authenticated.app_error");
        assertThat(fail.path("error").path("status_code").asInt()).isEqualTo(401);
      }
      assertThat(Frames.none(ws, event("hello"))).isTrue();
    }
  }

  @Test
  void authenticatingAfterARefusedActionStillWorks() {
    Account alice = Account.signUp(node, "late");
    try (WsClient ws = WsClient.connect(node.webSocketUrl())) {
      long early = ws.send("ping", null);
      assertThat(ws.awaitReply(early).path("status").asText()).isEqualTo("FAIL");

      long challenge = ws.send("authentication_challenge", Map.of("token", alice.token()));
      assertThat(ws.awaitReply(challenge).path("status").asText()).isEqualTo("OK");

      assertThat(ws.awaitEvent("hello").path("seq").asLong()).isZero();
    }
  }

  @Test
  void pingSentRightBehindTheChallengeIsAnsweredAfterTheOk() {
    Account alice = Account.signUp(node, "eager");
    try (WsClient ws = WsClient.connect(node.webSocketUrl())) {
      // What lib/websocket.js does on open: challenge, then ping at once, without waiting.
      long challenge = ws.send("authentication_challenge", Map.of("token", alice.token()));
      long ping = ws.send("ping", null);

      JsonNode pong = ws.awaitReply(ping);
      JsonNode ok = ws.awaitReply(challenge);

      assertThat(pong.path("status").asText()).isEqualTo("OK");
      assertThat(pong.path("data").path("text").asText()).isEqualTo("pong");
      assertThat(ok.path("status").asText()).isEqualTo("OK");
      List<JsonNode> frames = ws.frames();
      assertThat(frames.indexOf(ok)).isLessThan(frames.indexOf(pong));
      assertThat(ws.events("hello")).hasSize(1);
    }
  }
}
