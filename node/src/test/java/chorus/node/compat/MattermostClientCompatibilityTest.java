package chorus.node.compat;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.node.testkit.NodeScript;
import chorus.node.testkit.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Drives a real node with the official {@code @mattermost/client} 11.9.0 on Node 20 through the
 * whole H.1 flow (see src/test/mmclient/h1-flow.js), and with {@code mattermost-redux} 11.9.0, the
 * web app's data layer, through its start-up and a chat session (src/test/mmclient/redux-flow.js).
 */
class MattermostClientCompatibilityTest {
  private static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    NodeScript.installMmClient();
    node = TestNode.start();
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void officialClientCompletesTheH1Flow() throws Exception {
    try (NodeScript flow = NodeScript.mmclient(Path.of("target", "mmclient-logs", "h1-flow"), "h1-flow.js", node.baseUrl())) {
      String output = flow.awaitExit(Duration.ofMinutes(2)) + flow.progress();
      assertThat(output).as(output).contains(" passed, 0 failed");
      assertThat(flow.exitCode()).as(output).isZero();
    }
  }

  @Test
  void theWebAppsDataLayerStartsAndChatsWithNoFailedCall() throws Exception {
    try (NodeScript flow = NodeScript.mmclient(Path.of("target", "mmclient-logs", "redux-flow"), "redux-flow.js", node.baseUrl())) {
      String output = flow.awaitExit(Duration.ofMinutes(2)) + flow.progress();
      assertThat(output).as(output).contains(" passed, 0 failed");
      assertThat(flow.exitCode()).as(output).isZero();
    }
  }
}
