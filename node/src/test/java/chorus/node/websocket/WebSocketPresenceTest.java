package chorus.node.websocket;

import static chorus.node.websocket.Frames.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.TestNode;
import chorus.node.testkit.WsClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sockets drive presence: online while one is open, offline when the last closes, unless the
 * user chose a status by hand (reference C.2, D status_change, E.1).
 *
 * <p>That something did not happen (a manual status surviving a close) can only be seen
 * after the server has handled the close. Those tests run a control user through the same
 * steps at the same moment and check after the control's change has shown.
 */
class WebSocketPresenceTest {
  private static final Duration DEADLINE = Duration.ofSeconds(10);
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
  void onlineWhileASocketIsOpenAndOfflineAfterTheLastCloses() {
    Account alice = Account.signUp(node, "pres");
    assertThat(status(alice).path("status").asText()).isEqualTo("offline");
    try (WsClient first = alice.connect(node); WsClient second = alice.connect(node)) {
      awaitStatus(alice, "online");
      JsonNode change = first.await(statusChange(alice, "online"));
      assertThat(change.path("broadcast").path("user_id").asText()).isEqualTo(alice.id());

      first.close();
      second.close();
      awaitStatus(alice, "offline");
    }
  }

  @Test
  void statusIsAlsoReadableOverTheSocket() {
    Account alice = Account.signUp(node, "gsbi");
    Account bob = Account.signUp(node, "gsbj");
    try (WsClient ws = alice.connect(node)) {
      awaitStatus(alice, "online");

      long seq = ws.send("get_statuses_by_ids", Map.of("user_ids", List.of(alice.id(), bob.id())));
      JsonNode reply = ws.awaitReply(seq);

      assertThat(reply.path("status").asText()).isEqualTo("OK");
      assertThat(reply.path("data").path(alice.id()).asText()).isEqualTo("online");
      assertThat(reply.path("data").path(bob.id()).asText()).isEqualTo("offline");
      JsonNode everyone = ws.awaitReply(ws.send("get_statuses", null));
      assertThat(everyone.path("status").asText()).isEqualTo("OK");
      assertThat(everyone.path("data").path(alice.id()).asText()).isEqualTo("online");
      assertThat(everyone.path("data").has(bob.id())).as("offline users are left out").isFalse();
    }
  }

  @Test
  void dndIsAnnouncedToTheUsersOwnSocketsOnly() {
    Account dave = Account.signUp(node, "dnd");
    Account bob = Account.signUp(node, "dndo");
    try (WsClient one = dave.connect(node); WsClient two = dave.connect(node); WsClient other = bob.connect(node)) {
      awaitStatus(dave, "online");

      JsonNode set = setStatus(dave, "dnd");

      assertThat(set.path("status").asText()).isEqualTo("dnd");
      assertThat(set.path("manual").asBoolean()).isTrue();
      for (WsClient own : List.of(one, two)) {
        JsonNode change = own.await(statusChange(dave, "dnd"));
        assertThat(change.path("broadcast").path("user_id").asText()).isEqualTo(dave.id());
      }
      Frames.roundTrip(other);
      assertThat(Frames.none(other, event("status_change").and(f -> dave.id().equals(f.path("data").path("user_id").asText()))))
          .as("another user's socket: %s", other.frames()).isTrue();
      JsonNode stored = status(dave);
      assertThat(stored.path("status").asText()).isEqualTo("dnd");
      assertThat(stored.path("manual").asBoolean()).isTrue();
    }
  }

  @Test
  void manualDndSticksAcrossReconnectAndDisconnect() {
    Account dave = Account.signUp(node, "stick");
    Account control = Account.signUp(node, "ctrl");
    WsClient daveWs = dave.connect(node);
    WsClient controlWs = control.connect(node);
    awaitStatus(dave, "online");
    awaitStatus(control, "online");
    setStatus(dave, "dnd");
    daveWs.await(statusChange(dave, "dnd"));

    daveWs.close();
    controlWs.close();
    awaitStatus(control, "offline");
    assertThat(status(dave).path("status").asText()).as("after the last socket closed").isEqualTo("dnd");

    daveWs = dave.connect(node);
    controlWs = control.connect(node);
    controlWs.await(statusChange(control, "online"));
    assertThat(status(dave).path("status").asText()).as("after reconnecting").isEqualTo("dnd");
    Frames.roundTrip(daveWs);
    assertThat(Frames.none(daveWs, statusChange(dave, "online"))).as("%s", daveWs.frames()).isTrue();

    daveWs.close();
    controlWs.close();
    awaitStatus(control, "offline");
    JsonNode stored = status(dave);
    assertThat(stored.path("status").asText()).as("after disconnecting again").isEqualTo("dnd");
    assertThat(stored.path("manual").asBoolean()).isTrue();
  }

  @Test
  void choosingOnlineClearsTheManualFlag() {
    Account erin = Account.signUp(node, "clear");
    try (WsClient ws = erin.connect(node)) {
      awaitStatus(erin, "online");
      setStatus(erin, "dnd");
      ws.await(statusChange(erin, "dnd"));

      JsonNode online = setStatus(erin, "online");

      assertThat(online.path("status").asText()).isEqualTo("online");
      assertThat(online.path("manual").asBoolean()).isFalse();
      ws.await(statusChange(erin, "online"));
      assertThat(status(erin).path("manual").asBoolean()).isFalse();
      // Automatic again: the last socket closing makes the user offline.
      ws.close();
      awaitStatus(erin, "offline");
    }
  }

  private static Predicate<JsonNode> statusChange(Account user, String status) {
    return event("status_change").and(f -> user.id().equals(f.path("data").path("user_id").asText())
        && status.equals(f.path("data").path("status").asText()));
  }

  private static JsonNode setStatus(Account user, String status) {
    ApiClient.Response response = user.api().put("/users/" + user.id() + "/status", Map.of("user_id", user.id(), "status", status));
    Account.expect(response, 200);
    return response.body();
  }

  /** The user's status as other clients poll it ({@code POST /users/status/ids}). */
  private static JsonNode status(Account user) {
    ApiClient.Response response = node.client().withToken(user.token()).post("/users/status/ids", List.of(user.id()));
    Account.expect(response, 200);
    assertThat(response.body()).hasSize(1);
    return response.body().get(0);
  }

  private static void awaitStatus(Account user, String expected) {
    await().atMost(DEADLINE).pollInterval(Duration.ofMillis(50))
        .untilAsserted(() -> assertThat(status(user).path("status").asText()).isEqualTo(expected));
  }
}
