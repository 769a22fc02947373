package chorus.node;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.TestNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded database lives in the data directory: a node restarted on it finds its data again. */
class NodeRestartTest {
  @Test
  void accountsPostsAndSessionsSurviveARestart(@TempDir Path dataDir) throws Exception {
    String username = ApiClient.unique("restart");
    String token;
    String postId;
    String channelId;
    try (TestNode first = TestNode.start(dataDir, Map.of())) {
      ApiClient client = first.client();
      client.createUser(username, "Passw0rd!");
      client.login(username, "Passw0rd!");
      token = client.token();
      channelId = client.createChannel(client.createTeam("restart").path("id").asText(), "kept").path("id").asText();
      postId = client.createPost(channelId, "still here after a restart").path("id").asText();
    }
    assertThat(dataDir.resolve("postgres")).isDirectory();

    try (TestNode second = TestNode.start(dataDir, Map.of())) {
      ApiClient client = second.client().withToken(token);
      assertThat(client.get("/users/me").body().path("username").asText()).isEqualTo(username);
      ApiClient.Response posts = client.get("/channels/" + channelId + "/posts");
      assertThat(ApiClient.texts(posts.body().path("order"))).containsExactly(postId);
      assertThat(second.client().login(username, "Passw0rd!").path("username").asText()).isEqualTo(username);
    }
  }
}
