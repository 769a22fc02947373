package chorus.node.websocket;

import static chorus.node.websocket.Frames.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
 * A client that stops reading must not hold up anyone: once its 256-frame queue is full the
 * server drops and closes the connection (reference C.5 rule 2, E.1), and every other
 * client carries on.
 *
 * <p>The slow client reads nothing, so both TCP buffers and then the connection's queue fill
 * up. Large posts make the TCP buffers hold few frames, so a few hundred posts suffice; the
 * loop stops as soon as the server has let go of the connection, which shows as the user
 * going offline (it was the user's only socket).
 */
class WebSocketSlowConsumerTest {
  private static final int MAX_POSTS = 3000;
  private static final String BIG_MESSAGE = "x".repeat(16_000);
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
  void aClientThatStopsReadingIsClosedAndOthersCarryOn() {
    Account alice = Account.signUp(node, "slowa");
    Account bob = Account.signUp(node, "slowb");
    Account sam = Account.signUp(node, "slows");
    String teamId = alice.api().createTeam("slow").path("id").asText();
    String channelId = alice.api().createChannel(teamId, "slow").path("id").asText();
    for (Account member : List.of(bob, sam)) {
      alice.addToTeam(teamId, member);
      alice.addToChannel(channelId, member);
    }

    try (WsClient bobWs = bob.connect(node);
        WsClient samWs = WsClient.connectPaused(node.webSocketUrl(), Map.of("Authorization", "Bearer " + sam.token()))) {
      awaitStatus(sam, "online");

      List<String> postIds = new ArrayList<>();
      boolean dropped = false;
      while (!dropped && postIds.size() < MAX_POSTS) {
        postIds.add(alice.api().createPost(channelId, BIG_MESSAGE).path("id").asText());
        if (postIds.size() % 20 == 0) {
          dropped = "offline".equals(status(sam));
        }
      }
      if (!dropped) {
        awaitStatus(sam, "offline");
      }

      // Everyone else still gets every event, in order, and is answered.
      String lastPost = postIds.get(postIds.size() - 1);
      bobWs.await(event("posted").and(f -> lastPost.equals(Posts.postOf(f).path("id").asText())));
      assertThat(bobWs.events("posted")).extracting(f -> Posts.postOf(f).path("id").asText()).containsExactlyElementsOf(postIds);
      assertContiguousSeq(bobWs);
      Frames.roundTrip(bobWs);

      // Once the slow client reads again it finds its socket closed after a gapless prefix: what
      // the TCP buffers held. The full queue's frames were given up, not written first, so at
      // least a queue's worth of posts (and the one that overflowed it) never reaches it.
      samWs.resume();
      samWs.awaitClosed(Duration.ofSeconds(30));
      assertThat(samWs.events("hello")).hasSize(1);
      assertContiguousSeq(samWs);
      int received = samWs.events("posted").size();
      assertThat(received).as("posts sent: %d", postIds.size()).isLessThanOrEqualTo(postIds.size() - ConnectionSocket.SIZE - 1);
      assertThat(samWs.events("posted")).extracting(f -> Posts.postOf(f).path("id").asText())
          .containsExactlyElementsOf(postIds.subList(0, received));
    }
  }

  private static void assertContiguousSeq(WsClient ws) {
    List<JsonNode> events = ws.frames().stream().filter(f -> f.has("event")).toList();
    assertThat(events).extracting(f -> f.path("seq").asLong())
        .containsExactlyElementsOf(LongStream.range(0, events.size()).boxed().toList());
  }

  private static String status(Account user) {
    ApiClient.Response response = node.client().withToken(user.token()).post("/users/status/ids", List.of(user.id()));
    Account.expect(response, 200);
    return response.body().get(0).path("status").asText();
  }

  private static void awaitStatus(Account user, String expected) {
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> expected.equals(status(user)));
  }
}
