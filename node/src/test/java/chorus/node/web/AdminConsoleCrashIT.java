package chorus.node.web;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.ProcessCluster;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@link AdminConsoleScenario} walk-through on two processes of the real node jar, the second
 * killed with SIGKILL: no leaving, so its row turns red only once the failure detector finds it
 * unreachable (a heartbeat every second, two seconds of silence accepted) and the next refresh
 * runs. Prints the time from the kill to the red row.
 */
class AdminConsoleCrashIT {
  @Test
  void aKilledNodesRowTurnsRed() throws Exception {
    try (ProcessCluster cluster = ProcessCluster.start("console", 2, Map.of())) {
      ApiClient admin = cluster.node(0).client();
      admin.signUp("admin");

      long toRed = AdminConsoleScenario.run(cluster.node(0).baseUrl(), admin, "admin-console-crash", () -> cluster.node(1).kill());

      System.out.printf("System Console: node killed (SIGKILL) to its High Availability row red: %d ms (page refresh 1000 ms)%n",
          toRed);
      assertThat(toRed).isBetween(0L, 15_000L);
    }
  }
}
