package chorus.node.web;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.NodeScript;
import chorus.node.testkit.TestCluster;
import chorus.node.testkit.TestNode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The System Console in headless Chromium against two real nodes: the admin signs in, the High
 * Availability table shows two green rows, the Cluster page both members, Reload Configuration
 * and Recycle Database Connections report success (the recycle is seen in the pool generation);
 * then the second node's actor system is terminated and its row must turn red within the
 * page's 1 s refresh (the time is printed); last, a user who is not an admin is turned away.
 * Screenshots go to {@link NodeScript#SCREENSHOTS}.
 */
class AdminConsoleBrowserTest {
  private static final Duration STEP = Duration.ofSeconds(30);

  private TestCluster cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void anAdminSeesTheClusterReloadsRecyclesAndSeesAStoppedNodeTurnRed() throws Exception {
    cluster = TestCluster.start(List.of(Clock.systemUTC(), Clock.systemUTC()));
    ApiClient admin = cluster.node(0).client();
    String adminName = admin.signUp("admin").path("username").asText();
    assertThat(admin.get("/users/me").body().path("roles").asText()).contains("system_admin");
    String plainName = cluster.node(0).client().signUp("plain").path("username").asText();
    long generationBefore = admin.get("/database/status").body().path("generation").asLong();

    Path logs = Path.of("target", "browser-logs", "admin-console");
    try (NodeScript script = NodeScript.browser(logs, "admin-console.js", "cluster", cluster.node(0).baseUrl(), adminName, "Passw0rd!",
        plainName)) {
      script.awaitProgress("two green rows", Duration.ofSeconds(60));
      script.awaitProgress("cluster page shows two members", STEP);
      script.awaitProgress("reload: Configuration reloaded", STEP);
      script.awaitProgress("recycle: Database connections recycled", STEP);
      script.awaitProgress("ready to kill", STEP);

      long killed = System.currentTimeMillis();
      cluster.node(1).node().system().terminate();
      script.tell("killed");
      // The script ends right after its last steps, so they are read from its output, not awaited.
      String out = script.awaitExit(STEP);
      assertThat(script.exitCode()).as(script.progress()).isZero();
      assertThat(script.progress()).contains("red at ", "not admin page shown");

      JsonNode result = new ObjectMapper().readTree(out);
      long toRed = result.path("redAt").asLong() - killed;
      System.out.printf("System Console: node stopped to its High Availability row red: %d ms (page refresh 1000 ms)%n", toRed);
      assertThat(toRed).isBetween(0L, 15_000L);
      assertThat(result.path("rows")).hasSize(2);
      result.path("rows").forEach(row -> {
        assertThat(row.get(0).asText()).isEqualTo("Up");
        assertThat(row.get(1).asText()).isEqualTo("127.0.0.1");
        assertThat(row.get(2).asText()).startsWith("10.11.0.");
      });
      // The node left is the only one listed now: Mattermost shows it yellow.
      assertThat(result.path("rowsAfter").toString()).contains("down Not answering", "warn Up (the only node listed)");
      assertThat(result.path("generationAfter").asLong()).isGreaterThan(result.path("generationBefore").asLong());
      // ReadOnlyConfig defaults to true, as in Mattermost: with clustering on, the console edits nothing.
      assertThat(result.path("configEditable").asBoolean()).isFalse();
      assertThat(result.path("notAdmin").asText()).contains("You need to be a system admin");
      // Only the first look for a session, before signing in, may fail.
      assertThat(ApiClient.texts(result.path("problems"))).containsOnly("401 /api/v4/users/me");
      System.out.println("System Console screenshots: " + NodeScript.SCREENSHOTS);
    }
    // The recycle the page reported is the node's: its pools were replaced.
    assertThat(admin.get("/database/status").body().path("generation").asLong()).isGreaterThan(generationBefore);
  }

  @Test
  void withoutClusteringTheConsoleSaysSoAndSavesASettingToTheConfigFile() throws Exception {
    Path configFile = Files.createTempFile("chorus-console-", ".json");
    Files.writeString(configFile, "{}");
    try (TestNode node = TestNode.start(Files.createTempDirectory("chorus-console-"), Map.of(), Clock.systemUTC(),
        Optional.of(configFile))) {
      ApiClient admin = node.client();
      String adminName = admin.signUp("admin").path("username").asText();
      try (NodeScript script = NodeScript.browser(Path.of("target", "browser-logs", "admin-console-single"), "admin-console.js",
          "single", node.baseUrl(), adminName, "Passw0rd!")) {
        String out = script.awaitExit(Duration.ofSeconds(60));
        assertThat(script.exitCode()).as(script.progress()).isZero();
        assertThat(script.progress()).contains("saved: ", "clustering off shown");
        JsonNode result = new ObjectMapper().readTree(out);
        assertThat(result.path("readOnlyBanner").asBoolean()).isFalse();
        assertThat(result.path("configEditable").asBoolean()).isTrue();
        assertThat(result.path("saved").asText()).startsWith("Saved and sent to every node.");
        assertThat(result.path("clusteringOff").asText()).contains("Clustering is off");
        assertThat(ApiClient.texts(result.path("problems"))).containsOnly("401 /api/v4/users/me");
      }
      assertThat(admin.get("/config").body().path("TeamSettings").path("SiteName").asText()).isEqualTo("Console Edited");
      assertThat(Files.readString(configFile)).contains("Console Edited");
    }
  }
}
