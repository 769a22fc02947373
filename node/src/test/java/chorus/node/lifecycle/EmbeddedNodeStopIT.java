package chorus.node.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.NodeProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node on its own embedded PostgreSQL, stopped by SIGTERM as systemd stops it. The database
 * must stop after the node's coordinated shutdown: its own JVM shutdown hook once stopped it
 * beside that shutdown, under the requests still draining and the presence entities saving as
 * they handed off (the pool then found its connections closed, and the stop waited out a 5-s
 * hand-off timeout in most runs).
 */
class EmbeddedNodeStopIT {
  @Test
  void sigtermStopsTheNodeFirstAndItsDatabaseAfter(@TempDir Path dataDir) throws Exception {
    NodeProcess node = new NodeProcess(NodeProcess.jar(), dataDir, Map.of("MM_CLUSTERSETTINGS_MANAGEMENTPORT", "0"));
    try {
      node.start().awaitReady();
      ApiClient alice = node.client();
      alice.signUp("alice");
      String channelId = alice.createChannel(alice.createTeam("stop").path("id").asText(), "stop").path("id").asText();
      // An active user: a presence entity that saves its status when the node hands it off.
      alice.createPost(channelId, "before the stop");

      assertThat(node.terminate(Duration.ofSeconds(60))).as("the JVM's status after a SIGTERM whose shutdown hooks ran")
          .isEqualTo(143);
    } finally {
      node.close();
    }
    String console = Files.readString(dataDir.resolve("console.log"));
    assertThat(console).as("the pool must not lose its database while the node stops")
        .doesNotContain("This connection has been closed")
        .doesNotContain("Connection refused");
    assertThat(dataDir.resolve("postgres").resolve("postmaster.pid")).as("the database stopped too").doesNotExist();
  }
}
