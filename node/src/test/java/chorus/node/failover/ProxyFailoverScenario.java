package chorus.node.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.ChatBehindProxy;
import chorus.node.testkit.NodeProcess;
import chorus.node.testkit.NodeScript;
import chorus.node.testkit.ProcessCluster;
import chorus.node.testkit.ProxyProcess;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three node processes behind a real proxy running the shipped configuration, and official
 * {@code @mattermost/client} users posting and listening through it (src/test/mmclient/failover.js)
 * while nodes stop: (a) a rolling restart, every node in turn stopped with SIGTERM and started
 * again, loses, repeats and fails nothing and needs no refetch, every socket resuming on another
 * node; (b) a node killed with {@code kill -9} loses no acknowledged post, delivers each at most
 * once per connection, keeps every client's outage within 10 s and requests within 1 s at p99.
 * Subclasses choose the proxy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ProxyFailoverScenario {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration STOP_WAIT = Duration.ofSeconds(60);
  private static final Duration SETUP_WAIT = Duration.ofSeconds(90);
  private static final Duration REPORT_WAIT = Duration.ofSeconds(90);

  private ChatBehindProxy chat;
  private ProcessCluster cluster;

  /** The proxy under test, in front of {@code backends} (host:port). */
  abstract ProxyProcess startProxy(Path runDir, int port, List<String> backends) throws Exception;

  abstract String name();

  @BeforeAll
  void start() throws Exception {
    chat = ChatBehindProxy.start(ProcessCluster.start("failover-" + name(), 3, Map.of()), this::startProxy, "failover");
    cluster = chat.cluster();
  }

  @AfterAll
  void stop() throws Exception {
    if (chat != null) {
      chat.close();
    }
  }

  private NodeScript users(String run) throws Exception {
    NodeScript users = chat.users(run);
    users.awaitProgress("every socket has its hello", SETUP_WAIT);
    return users;
  }

  private JsonNode report(NodeScript users, String run) throws Exception {
    users.tell("stop");
    String out = users.awaitExit(REPORT_WAIT).trim();
    assertThat(out).as("the harness report; its log:\n%s", users.progress()).isNotEmpty();
    JsonNode report = JSON.readTree(out.substring(out.lastIndexOf('\n') + 1));
    System.out.println("[failover " + name() + "] " + run + ": " + report);
    return report;
  }

  private static String failuresSeenBy(NodeScript users) throws Exception {
    return users.progress().lines().filter(line -> line.contains("failed")).collect(Collectors.joining("\n"));
  }

  private int liveNodesSeenBy(NodeProcess node) {
    return new ApiClient(node.baseUrl()).withToken(chat.adminToken()).get("/cluster/status").body().size();
  }

  @Test
  @Order(1)
  void aRollingRestartLosesNothingAndNeedsNoRefetch() throws Exception {
    try (NodeScript users = users("rolling")) {
      users.tell("mark rolling");
      for (NodeProcess node : cluster.nodes()) {
        node.terminate(STOP_WAIT);
        node.start();
        node.awaitReady();
        NodeProcess other = cluster.nodes().stream().filter(n -> n != node).findFirst().orElseThrow();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> liveNodesSeenBy(other) == 3);
      }
      users.tell("mark after");
      JsonNode report = report(users, "rolling restart");

      assertThat(report.path("posts_acked").asInt()).isPositive();
      assertThat(report.path("reconnects").asInt()).as("sockets were moved").isPositive();
      assertThat(report.path("lost").asInt()).isZero();
      assertThat(report.path("duplicates").asInt()).isZero();
      assertThat(report.path("out_of_order").asInt()).isZero();
      assertThat(report.path("refetches").asInt()).as("missed-message refetches").isZero();
      assertThat(report.path("seq_errors").asInt()).isZero();
      assertThat(report.path("posts_failed").asInt()).isZero();
      assertThat(report.path("duplicate_posts").asInt()).isZero();
      assertThat(report.path("per_phase").path("rolling").path("failed").asInt())
          .as("failed requests; the users saw:\n%s\nthe proxy logged:\n%s", failuresSeenBy(users), chat.proxy().failureLogs())
          .isZero();
      assertThat(report.path("resumed").asInt()).isEqualTo(report.path("reconnects").asInt());
    }
  }

  @Test
  @Order(2)
  void aKilledNodeLosesNoAcknowledgedPostAndStallsNobodyLong() throws Exception {
    NodeProcess victim = cluster.node(1);
    try (NodeScript users = users("kill")) {
      users.tell("mark kill");
      victim.kill();
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> liveNodesSeenBy(cluster.node(0)) == 2);
      users.tell("mark restart");
      victim.start();
      victim.awaitReady();
      await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> liveNodesSeenBy(cluster.node(0)) == 3);
      JsonNode report = report(users, "kill -9");

      assertThat(report.path("posts_acked").asInt()).isPositive();
      assertThat(report.path("lost").asInt()).as("acknowledged posts some member never got").isZero();
      assertThat(report.path("duplicates").asInt()).isZero();
      assertThat(report.path("out_of_order").asInt()).isZero();
      assertThat(report.path("seq_errors").asInt()).as("silent gaps").isZero();
      assertThat(report.path("duplicate_posts").asInt()).isZero();
      assertThat(report.path("longest_outage_ms").asLong()).isLessThanOrEqualTo(10_000);
      assertThat(report.path("per_phase").path("kill").path("latency_p99_ms").asDouble()).isLessThanOrEqualTo(1_000);
    }
  }
}
