package chorus.loadtest.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chorus.loadtest.bench.BenchReport;
import chorus.loadtest.bench.ReportWriter;
import chorus.loadtest.bench.RunTimings;
import chorus.loadtest.bench.SummaryTable;
import chorus.loadtest.client.ClientRuntime;
import chorus.loadtest.client.SourceAddresses;
import chorus.loadtest.client.Targets;
import chorus.loadtest.client.UserSocket;
import chorus.loadtest.sim.Population;
import chorus.loadtest.sim.SimUser;
import chorus.loadtest.sim.World;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI smoke of the generator: a real node in-process, a tiny fan-out, and the correctness
 * checker must see every post at every member exactly once, in order.
 */
class FanOutSmokeTest {
  private static InProcessNode node;
  private static ClientRuntime runtime;

  @BeforeAll
  static void start() throws Exception {
    node = InProcessNode.start();
    runtime = new ClientRuntime(SourceAddresses.loopback(2));
  }

  @AfterAll
  static void stop() throws Exception {
    runtime.close();
    node.close();
  }

  @Test
  void aSocketEndedBeforeHelloFailsWithoutReconnectingAndAClosedOneEndsOnTheServersAnswer() throws Exception {
    World world = new Population(runtime, Targets.of(List.of(node.baseUrl()))).build(1, 1, 1);
    SimUser user = world.users().get(0);
    UserSocket.Listener quiet = new UserSocket.Listener() {
      @Override
      public void onHello(UserSocket socket, long wallClockMillis) {}

      @Override
      public void onEvent(UserSocket socket, String event, JsonNode frame) {}
    };

    // The node upgrades a socket without a valid token, as Mattermost does, for an
    // authentication challenge that never comes here, and then closes it.
    UserSocket refused = new UserSocket(runtime, user.rest().baseUrl(), "refused", "not-a-token", true, quiet);
    assertThatThrownBy(() -> refused.connect().toCompletableFuture().get(30, TimeUnit.SECONDS))
        .hasMessageContaining("closed before hello");
    refused.terminated().toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(refused.reconnects()).isZero();

    UserSocket socket = new UserSocket(runtime, user.rest().baseUrl(), "closing", user.token(), true, quiet);
    socket.connect().toCompletableFuture().get(15, TimeUnit.SECONDS);
    socket.close();
    // Sooner than the 5 s a close waits for a server that never answers.
    socket.terminated().toCompletableFuture().get(3, TimeUnit.SECONDS);
    assertThat(socket.reconnects()).isZero();
  }

  @Test
  void everyMemberReceivesEveryPostExactlyOnceInOrder(@TempDir Path out) throws Exception {
    Targets targets = Targets.of(List.of(node.baseUrl()));
    World world = new Population(runtime, targets).build(12, 3, 4);

    FanOutScenario.Result result = new FanOutScenario(runtime)
        .run(world, new FanOutScenario.Params(3, 4, List.of(30), Duration.ofSeconds(2), 5_000));

    assertThat(result.sockets()).isEqualTo(12);
    assertThat(result.failedConnects()).isZero();
    assertThat(result.delivery().acknowledgedPosts()).isGreaterThanOrEqualTo(50);
    assertThat(result.delivery().expectedDeliveries()).isEqualTo(result.delivery().acknowledgedPosts() * 4);
    assertThat(result.delivery().delivered()).isEqualTo(result.delivery().expectedDeliveries());
    assertThat(result.delivery().exact()).as("%s", result.delivery()).isTrue();
    assertThat(result.seqGaps()).isZero();
    assertThat(result.steps().get(0).publishToDeliver().count()).isEqualTo(result.delivery().delivered());

    // The report carries the same numbers and plots them without anything from the network.
    BenchReport report = new BenchReport(new BenchReport.Machine("now", 2, "test", "17", "", ""), List.of(), true,
        List.of(node.baseUrl()), 0, 12, result, null, null, null, null, null, Map.of(), List.of(), List.of(),
        Map.of(), new RunTimings(42.0, Map.of("(a) fan-out", 30.0), 12.0));
    ReportWriter.write(report, out);
    JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
    assertThat(json.path("fanOut").path("delivery").path("delivered").asLong()).isEqualTo(result.delivery().delivered());
    assertThat(json.path("timings").path("phases").path("(a) fan-out").asDouble()).isEqualTo(30.0);
    assertThat(SummaryTable.render(report)).contains("wall time: (a) fan-out", "30.0 s", "0.7 min (42 s)");
    String html = Files.readString(out.resolve("report.html"));
    assertThat(html).contains("<h2>Wall time</h2>").contains("<svg").contains("publish -&gt; deliver latency").doesNotContain("<script", "src=", "href=", "<link");
  }
}
