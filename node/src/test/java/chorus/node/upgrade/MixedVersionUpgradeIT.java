package chorus.node.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.ChatBehindProxy;
import chorus.node.testkit.NodeProcess;
import chorus.node.testkit.NodeScript;
import chorus.node.testkit.PreviousRelease;
import chorus.node.testkit.ProcessCluster;
import chorus.node.testkit.ProxyProcess;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A rolling upgrade with one release of skew (UPGRADING.md, procedure A): three nodes of the
 * previous release ({@link PreviousRelease}, built from this repository's history) behind HAProxy
 * with the shipped configuration, replaced one at a time by the current build (SIGTERM, then the
 * new jar with the same settings and data directory) while official {@code @mattermost/client}
 * users post and listen through the proxy (src/test/mmclient/failover.js). No request fails, no
 * acknowledged post is lost (every member gets it, the server holds it), and the cluster status
 * shows both releases while they are mixed and only the new one at the end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MixedVersionUpgradeIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration STOP_WAIT = Duration.ofSeconds(60);
  private static final Duration SETUP_WAIT = Duration.ofSeconds(90);
  private static final Duration REPORT_WAIT = Duration.ofSeconds(90);

  private long buildMillis;
  private Path previousJar;
  private ChatBehindProxy chat;
  private ProcessCluster cluster;

  @BeforeAll
  void start() throws Exception {
    long began = System.nanoTime();
    previousJar = PreviousRelease.jar();
    buildMillis = (System.nanoTime() - began) / 1_000_000;
    System.out.println("[upgrade] previous release " + PreviousRelease.commit() + " at " + previousJar + " in "
        + buildMillis + " ms (0 when cached)");
    chat = ChatBehindProxy.start(ProcessCluster.start("upgrade", 3, Map.of(), previousJar), ProxyProcess::haproxy, "upgrade");
    cluster = chat.cluster();
  }

  @AfterAll
  void stop() throws Exception {
    if (chat != null) {
      chat.close();
    }
  }

  /** version -> schema versions of the live nodes as {@code asker} lists them. */
  private Map<String, Set<String>> releasesSeenBy(NodeProcess asker) {
    JsonNode nodes = new ApiClient(asker.baseUrl()).withToken(chat.adminToken()).get("/cluster/status").body();
    Map<String, Set<String>> releases = new TreeMap<>();
    for (JsonNode node : nodes) {
      releases.computeIfAbsent(node.path("version").asText(), v -> new TreeSet<>()).add(node.path("schema_version").asText());
    }
    return releases;
  }

  private int liveNodesSeenBy(NodeProcess asker) {
    return new ApiClient(asker.baseUrl()).withToken(chat.adminToken()).get("/cluster/status").body().size();
  }

  @Test
  void nodesOfThePreviousReleaseAreReplacedOneByOneWhileUsersPost() throws Exception {
    String previous = PreviousRelease.versionSuffix();
    Map<String, Set<String>> before = releasesSeenBy(cluster.node(0));
    assertThat(before.keySet()).as("the cluster status before the upgrade").hasSize(1)
        .allMatch(version -> version.endsWith(previous));

    long began = System.nanoTime();
    List<Map<String, Set<String>>> mixed = new ArrayList<>();
    JsonNode report;
    String harnessLog;
    try (NodeScript users = chat.users("upgrade")) {
      users.awaitProgress("every socket has its hello", SETUP_WAIT);
      users.tell("mark upgrade");
      List<NodeProcess> nodes = cluster.nodes();
      for (int i = 0; i < nodes.size(); i++) {
        NodeProcess node = nodes.get(i);
        long stopping = System.nanoTime();
        node.terminate(STOP_WAIT);
        long starting = System.nanoTime();
        node.replaceJar(NodeProcess.jar());
        node.start();
        node.awaitReady();
        long ready = System.nanoTime();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> liveNodesSeenBy(node) == 3);
        Map<String, Set<String>> releases = releasesSeenBy(node);
        System.out.println("[upgrade] node " + i + " stopped in " + (starting - stopping) / 1_000_000 + " ms, served again "
            + (ready - starting) / 1_000_000 + " ms after its start; then " + releases);
        if (i < nodes.size() - 1) {
          // Asked of a new node and of an old one: each asks the other release's nodes.
          mixed.add(releases);
          mixed.add(releasesSeenBy(nodes.get(nodes.size() - 1)));
        }
      }
      users.tell("mark after");
      users.tell("stop");
      String out = users.awaitExit(REPORT_WAIT).trim();
      harnessLog = users.progress();
      assertThat(out).as("the harness report; its log:\n%s", harnessLog).isNotEmpty();
      report = JSON.readTree(out.substring(out.lastIndexOf('\n') + 1));
    }
    long upgradeMillis = (System.nanoTime() - began) / 1_000_000;
    System.out.println("[upgrade] " + upgradeMillis + " ms for the upgrade; report: " + report);

    for (Map<String, Set<String>> releases : mixed) {
      assertThat(releases.keySet()).as("the cluster status while mixed shows both releases").hasSize(2)
          .anyMatch(version -> version.endsWith(previous))
          .anyMatch(version -> !version.endsWith(previous));
    }
    Map<String, Set<String>> after = releasesSeenBy(cluster.node(0));
    assertThat(after.keySet()).as("the cluster status after the upgrade").hasSize(1)
        .noneMatch(version -> version.endsWith(previous));
    assertThat(after.values().iterator().next()).as("schema versions after the upgrade").hasSize(1);

    assertThat(report.path("posts_acked").asInt()).isPositive();
    assertThat(report.path("per_phase").path("upgrade").path("failed").asInt()).as("failed requests").isZero();
    assertThat(report.path("posts_failed").asInt()).isZero();
    assertThat(report.path("lost").asInt()).as("acknowledged posts some member never got; the harness log:\n%s", harnessLog).isZero();
    assertThat(report.path("missing_posts").asInt()).as("acknowledged posts the server does not hold").isZero();
    assertThat(report.path("audit_errors").asInt()).isZero();
    assertThat(report.path("duplicates").asInt()).isZero();
    assertThat(report.path("duplicate_posts").asInt()).isZero();
    assertThat(report.path("seq_errors").asInt()).isZero();
    assertThat(report.path("reconnects").asInt()).as("sockets were moved").isPositive();
    assertThat(report.path("refetches").asInt()).as("sockets moved between releases resume without a refetch").isZero();
  }
}
