package chorus.node.compat;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.node.testkit.TestNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Drives a real node with the official {@code @mattermost/client} 11.9.0 on Node 20 through the
 * whole H.1 flow (see src/test/mmclient/h1-flow.js). The npm packages come from the committed
 * package-lock, installed with {@code npm ci} on first use.
 */
class MattermostClientCompatibilityTest {
  private static final Path CLIENT_DIR = Path.of("src", "test", "mmclient");
  private static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    if (!Files.isDirectory(CLIENT_DIR.resolve("node_modules/@mattermost/client"))) {
      Result install = run(List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
      assertThat(install.exitCode()).as("npm ci:\n%s", install.output()).isZero();
    }
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
    Result flow = run(List.of("node", "h1-flow.js", node.baseUrl()), 120);
    assertThat(flow.output()).as(flow.output()).contains(" passed, 0 failed");
    assertThat(flow.exitCode()).as(flow.output()).isZero();
  }

  private record Result(int exitCode, String output) {}

  private static Result run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
    Path log = Files.createTempFile("mmclient-", ".log");
    Process process = new ProcessBuilder(command).directory(CLIENT_DIR.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return new Result(-1, "timed out after " + timeoutSeconds + " s\n" + Files.readString(log, StandardCharsets.UTF_8));
    }
    return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }
}
