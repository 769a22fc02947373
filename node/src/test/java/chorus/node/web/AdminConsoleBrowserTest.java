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
import org.junit.jupiter.api.io.TempDir;

/**
 * The System Console in headless Chromium. On two real nodes in this JVM, the
 * {@link AdminConsoleScenario} walk-through, in which the second node's actor system is
 * terminated and its row must turn red within a few of the page's 1 s refreshes (the time is
 * printed; {@code AdminConsoleCrashIT} does the same with {@code kill -9} of a node process). On
 * one node without clustering: the High Availability page says clustering is off, a setting is
 * saved from the Configuration page into the config file, and the colouring rules are checked
 * in the browser on listings two live nodes cannot produce. Screenshots go to
 * {@link NodeScript#SCREENSHOTS}.
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
    admin.signUp("admin");

    long toRed = AdminConsoleScenario.run(cluster.node(0).baseUrl(), admin, "admin-console",
        () -> cluster.node(1).node().system().terminate());

    System.out.printf("System Console: node stopped (actor system terminated) to its High Availability row red: %d ms"
        + " (page refresh 1000 ms)%n", toRed);
    assertThat(toRed).isBetween(0L, 5_000L);
  }

  @Test
  void withoutClusteringTheConsoleSaysSoSavesASettingToTheConfigFileAndCancelsAJob(@TempDir Path dir) throws Exception {
    Path configFile = Files.writeString(dir.resolve("config.json"), "{}");
    try (TestNode node = TestNode.start(dir.resolve("node"), Map.of("MM_JOBSETTINGS_RUNJOBS", "false"),
        Clock.systemUTC(), Optional.of(configFile))) {
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
        assertHaRules(result.path("rules"));
        assertThat(result.path("jobQueued").asText()).startsWith("Data retention queued as job ");
        assertThat(result.path("jobStatus").asText()).isEqualTo("canceled");
        assertThat(admin.get("/jobs/" + result.path("jobId").asText()).body().path("status").asText()).isEqualTo("canceled");
      }
      assertThat(admin.get("/config").body().path("TeamSettings").path("SiteName").asText()).isEqualTo("Console Edited");
      assertThat(Files.readString(configFile)).contains("Console Edited");
    }
  }

  /** Mattermost's colouring rules (and our red), as the page's own module computed them in Chromium. */
  private static void assertHaRules(JsonNode rules) {
    assertThat(rules.path("same").toString()).isEqualTo(flags("[\"ok\",\"ok\"]", "[false,false]", "[false,false]", false, false, 0));
    assertThat(rules.path("versions").toString())
        .isEqualTo(flags("[\"ok\",\"ok\"]", "[true,true]", "[false,false]", true, false, 0));
    assertThat(rules.path("hashes").toString())
        .isEqualTo(flags("[\"ok\",\"ok\"]", "[false,false]", "[true,true]", false, true, 0));
    // Node 2, seen before, is no longer listed: red; node 1, now alone, yellow.
    assertThat(rules.path("gone").toString())
        .isEqualTo(flags("[\"warn\",\"down\"]", "[false,false]", "[false,false]", false, false, 1));
    assertThat(rules.path("goneSince").asLong()).isEqualTo(1);
    assertThat(ApiClient.texts(rules.path("blank"))).containsExactly("unknown", "unknown", "unknown", "unknown");
  }

  private static String flags(String statuses, String versionWarn, String configWarn, boolean versionMismatch,
      boolean configMismatch, int down) {
    return "{\"statuses\":" + statuses + ",\"versionWarn\":" + versionWarn + ",\"configWarn\":" + configWarn
        + ",\"versionMismatch\":" + versionMismatch + ",\"configMismatch\":" + configMismatch + ",\"down\":" + down + "}";
  }
}
