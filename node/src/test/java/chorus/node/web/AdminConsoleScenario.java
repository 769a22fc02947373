package chorus.node.web;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.NodeScript;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The System Console walk-through on a running 2-node cluster (admin-console.js, mode
 * {@code cluster}), shared by the in-JVM test and the process test: sign in, two green rows,
 * the Cluster page, reload, recycle, read-only configuration; then {@code stop} takes one node
 * away and its row must turn red; last, a user who is not an admin is turned away.
 */
final class AdminConsoleScenario {
  private static final Duration STEP = Duration.ofSeconds(30);

  /** Takes one node away (the console's node must stay). */
  interface Stop {
    void run() throws Exception;
  }

  private AdminConsoleScenario() {}

  /**
   * Runs the walk-through against {@code baseUrl} with the admin {@code admin} (signed up with
   * the test password) and answers the milliseconds from the start of {@code stop} to the red row.
   * Logs and screenshots are named after {@code name}.
   */
  static long run(String baseUrl, ApiClient admin, String name, Stop stop) throws Exception {
    String adminName = admin.get("/users/me").body().path("username").asText();
    assertThat(admin.get("/users/me").body().path("roles").asText()).contains("system_admin");
    String plainName = new ApiClient(baseUrl).signUp("plain").path("username").asText();
    long generationBefore = admin.get("/database/status").body().path("generation").asLong();

    try (NodeScript script = NodeScript.browser(Path.of("target", "browser-logs", name), "admin-console.js", "cluster",
        baseUrl, adminName, "Passw0rd!", plainName, name)) {
      script.awaitProgress("two green rows", Duration.ofSeconds(60));
      script.awaitProgress("cluster page shows two members", STEP);
      script.awaitProgress("reload: Configuration reloaded", STEP);
      script.awaitProgress("recycle: Database connections recycled", STEP);
      script.awaitProgress("ready to kill", STEP);

      long stopped = System.currentTimeMillis();
      stop.run();
      script.tell("killed");
      // The script ends right after its last steps, so they are read from its output, not awaited.
      String out = script.awaitExit(Duration.ofSeconds(60));
      assertThat(script.exitCode()).as(script.progress()).isZero();
      assertThat(script.progress()).contains("red at ", "not admin page shown");

      JsonNode result = new ObjectMapper().readTree(out);
      long toRed = result.path("redAt").asLong() - stopped;
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
      // Only the look for a session before signing in (and after signing out) may fail.
      assertThat(ApiClient.texts(result.path("problems"))).containsOnly("401 /api/v4/users/me");
      System.out.println("System Console screenshots: " + NodeScript.SCREENSHOTS);
      // The recycle the page reported is the node's: its pools were replaced.
      assertThat(admin.get("/database/status").body().path("generation").asLong()).isGreaterThan(generationBefore);
      return toRed;
    }
  }
}
