package chorus.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.FreePorts;
import chorus.node.testkit.TestCluster;
import chorus.node.testkit.WsClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three clustered nodes with metrics on, scraped over HTTP as Prometheus would: every family is
 * there, each series names its node, and the numbers move when work happens.
 */
class MetricsTest {
  private static final Duration TICK = Duration.ofSeconds(1);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static TestCluster cluster;
  /** The first account of the cluster: its system admin, who may read the cluster status. */
  private static ApiClient admin;
  private static final List<Integer> metricsPorts = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.start(List.of(Clock.systemUTC(), Clock.systemUTC(), Clock.systemUTC()), () -> {
      int port = FreePorts.next();
      metricsPorts.add(port);
      return Map.of("MM_METRICSSETTINGS_ENABLE", "true", "MM_METRICSSETTINGS_LISTENADDRESS", "127.0.0.1:" + port,
          "MM_METRICSSETTINGS_TICKINTERVALSECONDS", Long.toString(TICK.toSeconds()));
    });
    admin = cluster.node(0).client();
    admin.signUp("admin");
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static String scrape(int node) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPorts.get(node) + "/metrics"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
    return response.body();
  }

  /** The sum of a family's samples whose labels include every one of {@code labels} (e.g. {@code handler="/api/v4/posts"}). */
  private static double value(String scrape, String family, String... labels) {
    double sum = 0;
    Matcher line = Pattern.compile("(?m)^" + Pattern.quote(family) + "\\{([^}]*)\\} (\\S+)$").matcher(scrape);
    while (line.find()) {
      String found = line.group(1);
      if (List.of(labels).stream().allMatch(found::contains)) {
        sum += Double.parseDouble(line.group(2));
      }
    }
    return sum;
  }

  @Test
  void everyFamilyIsScrapedFromEveryNode() throws Exception {
    System.gc(); // jvm_gc appears once a collection ran after the metrics started
    for (int node = 0; node < cluster.size(); node++) {
      int n = node;
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(scrape(n)).contains(
          "mattermost_http_requests_total{", "mattermost_api_time_seconds_bucket{", "mattermost_http_websockets{",
          "chorus_cluster_members{", "chorus_cluster_unreachable{", "chorus_cluster_singletons_here{",
          "chorus_sharding_shards{", "mattermost_db_master_connections{", "chorus_db_pool_active{",
          "chorus_db_queries{", "mattermost_jobs_active{", "chorus_jobs{", "jvm_memory_used_bytes", "jvm_gc"));
    }
    Files.writeString(Path.of("target", "metrics-sample.txt"), scrape(0));
  }

  /**
   * The shipped Grafana dashboard asks only for families a node exports, with valid panel
   * layout: a renamed metric would otherwise leave an empty panel nobody notices.
   */
  @Test
  void theGrafanaDashboardQueriesOnlyWhatTheNodesExport() throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(Path.of("..", "deploy", "grafana", "chorus-dashboard.json").toFile());
    ApiClient client = cluster.node(0).client();
    client.signUp("dashboard");
    // Some series exist only once their event happened: an error, a WebSocket connection.
    assertThat(client.get("/no/such/route").status()).isEqualTo(404);
    WsClient.authenticated(cluster.node(0).webSocketUrl(), client.token()).close();
    // jvm_gc_* appear once a collection ran after the metrics started; the nodes run in this JVM.
    System.gc();

    assertThat(dashboard.path("uid").asText()).isNotEmpty();
    assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThan(30);
    Set<Integer> ids = new TreeSet<>();
    Set<String> families = new TreeSet<>();
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(ids.add(panel.path("id").asInt())).as("panel ids are unique").isTrue();
      assertThat(panel.path("gridPos").path("w").asInt()).isBetween(1, 24);
      if (panel.path("type").asText().equals("row")) {
        continue;
      }
      assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
      for (JsonNode target : panel.path("targets")) {
        Matcher family = Pattern.compile("\\b((?:mattermost|chorus|jvm|process)_[a-z_]+)").matcher(target.path("expr").asText());
        while (family.find()) {
          families.add(family.group(1));
        }
      }
    }
    assertThat(families).hasSizeGreaterThan(15);
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      String exported = scrape(0);
      for (String family : families) {
        assertThat(exported).as(family).containsPattern("(?m)^" + Pattern.quote(family) + "\\{");
      }
    });
  }

  /** The ids of this cluster's nodes, as its cluster status names them (the {@code node} label). */
  private static Set<String> clusterNodeIds() {
    Set<String> ids = new TreeSet<>();
    admin.get("/cluster/status").body().forEach(n -> ids.add(n.path("id").asText()));
    return ids;
  }

  /**
   * Kamon's registry is per JVM, and every node records into it, so a scrape here also shows the
   * series of other test classes' nodes; the {@code node} label keeps this cluster's apart.
   */
  @Test
  void eachNodeSeesThreeUpMembersAndExactlyOneNodeHostsTheSingletons() {
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Set<String> nodes = clusterNodeIds();
      String scrape = scrape(0);
      assertThat(nodes).hasSize(3);
      double singletonHosts = 0;
      double leaders = 0;
      for (String node : nodes) {
        String ofNode = "node=\"" + node + "\"";
        assertThat(value(scrape, "chorus_cluster_members", "status=\"up\"", ofNode)).as(node).isEqualTo(3);
        assertThat(value(scrape, "chorus_cluster_unreachable", ofNode)).as(node).isZero();
        singletonHosts += value(scrape, "chorus_cluster_singletons_here", ofNode);
        leaders += value(scrape, "chorus_cluster_leader", ofNode);
      }
      assertThat(singletonHosts).isEqualTo(1);
      assertThat(leaders).isEqualTo(1);
    });
  }

  @Test
  void requestsPostsAndSocketsMoveTheirNumbers() throws Exception {
    ApiClient user = cluster.node(0).client();
    user.signUp("metered");
    String channelId = user.createChannel(user.createTeam("metered").path("id").asText(), "metered").path("id").asText();
    String before = scrape(0);
    double posts = value(before, "mattermost_post_total");
    double postRequests = value(before, "mattermost_http_requests_total", "handler=\"/api/v4/posts\"", "method=\"POST\"",
        "status_code=\"201\"");
    double notFound = value(before, "mattermost_http_errors_total", "handler=\"unknown\"");

    try (WsClient socket = WsClient.authenticated(cluster.node(0).webSocketUrl(), user.token())) {
      for (int i = 0; i < 3; i++) {
        user.createPost(channelId, "counted " + i);
      }
      assertThat(user.get("/no/such/route").status()).isEqualTo(404);
      assertThat(user.get("/users/" + "q".repeat(26)).status()).isEqualTo(404);

      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        String after = scrape(0);
        assertThat(value(after, "mattermost_post_total")).isEqualTo(posts + 3);
        assertThat(value(after, "mattermost_http_requests_total", "handler=\"/api/v4/posts\"", "method=\"POST\"",
            "status_code=\"201\"")).isEqualTo(postRequests + 3);
        assertThat(value(after, "mattermost_http_errors_total", "handler=\"unknown\"")).isGreaterThanOrEqualTo(notFound + 2);
        assertThat(value(after, "mattermost_http_websockets")).isGreaterThanOrEqualTo(1);
        assertThat(value(after, "chorus_websocket_frames_sent_total")).isGreaterThanOrEqualTo(4);
        assertThat(value(after, "mattermost_websocket_reconnects_total", "type=\"new\"")).isGreaterThanOrEqualTo(1);
        assertThat(after).doesNotContain("q".repeat(26));
      });
    }
  }
}
