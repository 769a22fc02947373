package chorus.node.websocket;

import static chorus.node.websocket.Frames.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chorus.node.testkit.TestNode;
import chorus.node.testkit.WsClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Posts of one channel made through one node reach that node's sockets in the order the
 * channel's post clock gave them: concurrent posters race for the channel row, and the
 * event of the post that committed first must not be overtaken by the one after it.
 */
class WebSocketPostOrderTest {
  private static final int POSTERS = 8;
  private static final int POSTS_EACH = 25;
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
  void concurrentPostsOfOneChannelArriveInCreateAtOrderExactlyOnce() throws Exception {
    Account owner = Account.signUp(node, "ord");
    Account reader = Account.signUp(node, "ordr");
    String teamId = owner.api().createTeam("ord").path("id").asText();
    String channelId = owner.api().createChannel(teamId, "ord").path("id").asText();
    owner.addToTeam(teamId, reader);
    owner.addToChannel(channelId, reader);
    List<Account> posters = new ArrayList<>();
    for (int i = 0; i < POSTERS; i++) {
      Account poster = Account.signUp(node, "ordp");
      owner.addToTeam(teamId, poster);
      owner.addToChannel(channelId, poster);
      posters.add(poster);
    }
    ExecutorService threads = Executors.newFixedThreadPool(POSTERS);
    try (WsClient ws = reader.connect(node)) {
      List<Future<List<String>>> made = new ArrayList<>();
      for (Account poster : posters) {
        made.add(threads.submit(() -> {
          List<String> ids = new ArrayList<>();
          for (int n = 0; n < POSTS_EACH; n++) {
            ids.add(poster.api().createPost(channelId, "post " + n).path("id").asText());
          }
          return ids;
        }));
      }
      List<String> createdIds = new ArrayList<>();
      for (Future<List<String>> f : made) {
        createdIds.addAll(f.get());
      }

      int total = POSTERS * POSTS_EACH;
      await().atMost(Duration.ofSeconds(30)).until(() -> ws.frames().stream().filter(event("posted")).count() >= total);
      Frames.roundTrip(ws);
      List<JsonNode> posted = ws.frames().stream().filter(event("posted")).map(Posts::postOf)
          .filter(p -> channelId.equals(p.path("channel_id").asText())).toList();
      List<Long> createAts = posted.stream().map(p -> p.path("create_at").asLong()).toList();
      List<String> deliveredIds = posted.stream().map(p -> p.path("id").asText()).toList();

      assertThat(deliveredIds).as("every post delivered exactly once").hasSize(total).doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(createdIds);
      for (int i = 1; i < createAts.size(); i++) {
        assertThat(createAts.get(i)).as("create_at of event %d after %d: %s", i, i - 1, createAts)
            .isGreaterThan(createAts.get(i - 1));
      }
    } finally {
      threads.shutdownNow();
    }
  }
}
