package chorus.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chorus.node.ChorusNode;
import chorus.protocol.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simple measurements' API, now on the shared client, against a real node. */
class SimpleApiTest {

  @Test
  void signsUpPostsAndFailsLoudlyOnAnUnexpectedStatus(@TempDir Path dir) throws Exception {
    Map<String, String> env = Map.of("MM_SERVICESETTINGS_LISTENADDRESS", "127.0.0.1:0", "MM_CLUSTERSETTINGS_MANAGEMENTPORT", "0",
        "MM_TEAMSETTINGS_ENABLEOPENSERVER", "true", "MM_LOGSETTINGS_ENABLEFILE", "false", "MM_SQLSETTINGS_MAXOPENCONNS", "10",
        "MM_SERVICESETTINGS_SHUTDOWNDRAINSECONDS", "0");
    try (ChorusNode node = ChorusNode.start(ConfigLoader.load(Optional.empty(), env), Files.createDirectories(dir.resolve("data")))) {
      SimpleApi api = new SimpleApi("http://127.0.0.1:" + node.port());
      assertThat(api.ping().statusCode()).isEqualTo(200);
      String channelId = api.createChannel(api.signUpWithTeam(), "-x");
      assertThat(channelId).hasSize(26);
      assertThat(api.call("POST", "/posts", Map.of("channel_id", channelId, "message", "hello"), 201).path("message").asText())
          .isEqualTo("hello");
      assertThat(api.send("POST", "/posts", Map.of("channel_id", channelId, "message", "again")).statusCode()).isEqualTo(201);
      assertThatThrownBy(() -> api.call("GET", "/channels/" + channelId, null, 201))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("-> 200");
    }
  }
}
