package chorus.node.web;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.node.testkit.NodeScript;
import chorus.node.testkit.TcpForwarder;
import chorus.node.testkit.TestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The chat page at {@code /} in headless Chromium against a real two-node cluster
 * (src/test/browser/chat-page.js): two people, each in their own browser context on a
 * different node, sign up, share a team and a channel, see each other's posts live, the typing
 * line, each other online, and an unread mark on a channel not looked at.
 *
 * <p>Then the node behind the first page stops. That page reaches the cluster through one
 * address ({@link TcpForwarder}, standing in for a load balancer that takes the stopping node
 * out of rotation): it shows "reconnecting…", resumes its WebSocket on the other node without
 * being reloaded, and gets the next post with no refetch. Last, that page is cut off while more
 * is posted than its connection may queue: its resume fails (a hello with a new connection
 * id), so it refetches the channel and shows the last post. Screenshots go to
 * target/screenshots (chat-*.png).
 */
class ChatPageBrowserTest {
  private static final Path LOGS = Path.of("target", "browser-logs", "chat-page");
  private static final List<String> SHOTS =
      List.of("chat-typing", "chat-alice-unread", "chat-alice", "chat-bob", "chat-alice-reconnecting",
          "chat-alice-after-failover", "chat-alice-after-lost-resume");

  @Test
  void twoPeopleChatAcrossNodesAndAPageFollowsItsStoppedNodeAway() throws Exception {
    for (String shot : SHOTS) {
      Files.deleteIfExists(NodeScript.SCREENSHOTS.resolve(shot + ".png"));
    }
    try (TestCluster cluster = TestCluster.start(List.of(Clock.systemUTC(), Clock.systemUTC()));
        TcpForwarder front = TcpForwarder.start(cluster.node(1).node().port());
        NodeScript chat = NodeScript.browser(LOGS, "chat-page.js", front.baseUrl() + "/", cluster.node(0).baseUrl() + "/")) {
      chat.awaitProgress("step stop the node", Duration.ofSeconds(90));
      front.retarget(cluster.node(0).node().port());
      cluster.node(1).close();
      chat.tell("stopped");

      chat.awaitProgress("step cut page a off", Duration.ofSeconds(30));
      front.cut();
      chat.tell("cut");
      // 270 posts: a few seconds on a quiet machine, about 20 s on a busy one.
      chat.awaitProgress("step put page a back", Duration.ofSeconds(90));
      front.restore();
      chat.tell("restored");

      String output = chat.awaitExit(Duration.ofSeconds(60)) + chat.progress();
      assertThat(chat.exitCode()).as(output).isZero();
      assertThat(chat.progress()).contains("step alice sees lobby unread", "step page a shows reconnecting",
          "step alice got bob's post after the failover",
          "step posts refetched after the stop: 0", "step bob posted 270 while alice was cut off",
          "step done");
      for (String shot : SHOTS) {
        assertThat(NodeScript.SCREENSHOTS.resolve(shot + ".png")).as(shot).exists();
        assertThat(Files.size(NodeScript.SCREENSHOTS.resolve(shot + ".png"))).as(shot).isPositive();
      }
    }
  }
}
