package chorus.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.TestCluster;
import chorus.node.testkit.TestNode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two real clustered nodes, each with its own config file: a change saved through one node is
 * written into the other's file and applied there, and both report the same new config hash;
 * a read-only configuration refuses saves.
 */
class ConfigApiClusterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration PROPAGATION = Duration.ofSeconds(10);

  private static TestCluster cluster;
  private static final Path[] files = new Path[2];
  private static ApiClient adminA;
  private static ApiClient adminB;

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.empty();
    for (int i = 0; i < 2; i++) {
      files[i] = cluster.directory("config-" + i).resolve("config.json");
      Files.writeString(files[i], "{\"ClusterSettings\": {\"ReadOnlyConfig\": false}, \"TeamSettings\": {\"SiteName\": \"Start\"}}");
      cluster.startNode(Clock.systemUTC(), Map.of(), Optional.of(files[i]));
    }
    adminA = node(0).client();
    adminA.signUp("admin");
    adminB = new ApiClient(node(1).baseUrl()).withToken(adminA.token());
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static TestNode node(int i) {
    return cluster.node(i);
  }

  private static Set<String> configHashes() {
    Set<String> hashes = new HashSet<>();
    adminB.get("/cluster/status").body().forEach(info -> hashes.add(info.path("config_hash").asText()));
    return hashes;
  }

  private static String siteNameOn(ApiClient admin) {
    return admin.get("/config").body().at("/TeamSettings/SiteName").asText();
  }

  /**
   * Saves SiteName through node A until node B has it: a topic learns of a new node's
   * subscriber through gossip, so the very first save after start may reach B before that.
   */
  private static void awaitTopicsConnected() {
    int[] attempt = {0};
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      String name = "Warm-up " + ++attempt[0];
      assertThat(adminA.put("/config/patch", Map.of("TeamSettings", Map.of("SiteName", name))).status()).isEqualTo(200);
      try {
        await().atMost(Duration.ofSeconds(3)).until(() -> name.equals(siteNameOn(adminB)));
        return true;
      } catch (ConditionTimeoutException notYet) {
        return false;
      }
    });
  }

  @Test
  void aChangeSavedThroughOneNodeReachesTheOthersFileConfigAndHash() throws Exception {
    awaitTopicsConnected();
    Set<String> hashesBefore = configHashes();
    assertThat(hashesBefore).hasSize(1);

    long started = System.nanoTime();
    ApiClient.Response saved = adminA.put("/config/patch", Map.of("PasswordSettings", Map.of("MinimumLength", 11)));
    assertThat(saved.status()).isEqualTo(200);

    await().atMost(PROPAGATION).untilAsserted(() -> {
      assertThat(adminB.get("/config").body().at("/PasswordSettings/MinimumLength").asInt()).isEqualTo(11);
      Set<String> hashes = configHashes();
      assertThat(hashes).hasSize(1).doesNotContainAnyElementsOf(hashesBefore);
    });
    System.out.printf("[config-propagation] node B adopted the change and both nodes report the new hash after %d ms%n",
        (System.nanoTime() - started) / 1_000_000);
    // The shared database's URL is a secret: neither node shows it.
    assertThat(adminA.get("/config").rawBody()).doesNotContain(cluster.dataSource());
    assertThat(adminB.get("/config").rawBody()).doesNotContain(cluster.dataSource());
    JsonNode fileB = JSON.readTree(Files.readString(files[1]));
    assertThat(fileB.at("/PasswordSettings/MinimumLength").asInt()).isEqualTo(11);
    assertThat(fileB.at("/TeamSettings/SiteName").asText()).startsWith("Warm-up");
  }

  @Test
  void aReadOnlyConfigurationRefusesSavesAndClusterSettingsStayOnTheirNode() throws Exception {
    assertThat(adminA.put("/config/patch", Map.of("ClusterSettings", Map.of("ReadOnlyConfig", true))).status()).isEqualTo(200);
    byte[] fileA = Files.readAllBytes(files[0]);
    try {
      for (ApiClient.Response refused : new ApiClient.Response[] {
          adminA.put("/config/patch", Map.of("TeamSettings", Map.of("MaxUsersPerTeam", 77))),
          adminA.put("/config", adminA.get("/config").body())}) {
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.errorId()).isEqualTo("ent.cluster.save_config.error");
      }
      assertThat(Files.readAllBytes(files[0])).isEqualTo(fileA);
      // ClusterSettings are per node: B's stays writable.
      assertThat(JSON.readTree(Files.readString(files[1])).at("/ClusterSettings/ReadOnlyConfig").asBoolean()).isFalse();
      assertThat(adminB.get("/config").body().at("/ClusterSettings/ReadOnlyConfig").asBoolean()).isFalse();
    } finally {
      // What an operator does: edit the file on the node, then reload it.
      Files.writeString(files[0], new String(fileA).replace("\"ReadOnlyConfig\" : true", "\"ReadOnlyConfig\" : false"));
      assertThat(adminA.post("/config/reload", Map.of()).status()).isEqualTo(200);
    }
    assertThat(adminA.get("/config").body().at("/ClusterSettings/ReadOnlyConfig").asBoolean()).isFalse();
  }
}
