package chorus.node.testkit;

import chorus.persistence.db.EmbeddedDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Several real Chorus nodes in this JVM forming one cluster through one shared embedded
 * PostgreSQL, each with its own clock, exactly as separate machines would (discovery
 * table, cluster bootstrap, Artery on loopback). The database, the nodes' data directories
 * and any {@link #directory} live under one temporary directory, removed on close.
 */
public final class TestCluster implements AutoCloseable {
  private final Path root;
  private final EmbeddedDatabase database;
  private final String clusterName = "test-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<TestNode> nodes = new ArrayList<>();
  private int nodeDirectories;

  private TestCluster(Path root, EmbeddedDatabase database) {
    this.root = root;
    this.database = database;
  }

  /** Starts one node per clock, one after the other, each joining the cluster the first formed. */
  public static TestCluster start(List<Clock> clocks) throws Exception {
    return start(clocks, Map::of);
  }

  /** As {@link #start(List)}, each node with more settings of its own (asked once per node). */
  public static TestCluster start(List<Clock> clocks, Supplier<Map<String, String>> perNode) throws Exception {
    TestCluster cluster = empty();
    try {
      for (Clock clock : clocks) {
        cluster.startNode(clock, perNode.get());
      }
      return cluster;
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
  }

  /**
   * Starts one node per clock, each with its own extra MM_* settings ({@code overrides.get(i)}
   * for node i), one after the other.
   */
  public static TestCluster start(List<Clock> clocks, List<Map<String, String>> overrides) throws Exception {
    TestCluster cluster = empty();
    try {
      for (int i = 0; i < clocks.size(); i++) {
        cluster.startNode(clocks.get(i), overrides.get(i));
      }
      return cluster;
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
  }

  /** Starts one more node that joins this cluster; it is closed with the cluster. */
  public TestNode startNode(Clock clock, Map<String, String> overrides) throws Exception {
    return startNode(clock, overrides, Optional.empty());
  }

  /** As {@link #startNode(Clock, Map)}, the node reading {@code configFile} too (under its environment). */
  public TestNode startNode(Clock clock, Map<String, String> overrides, Optional<Path> configFile) throws Exception {
    Map<String, String> env = environment();
    env.putAll(overrides);
    TestNode node = TestNode.start(directory("node-" + nodeDirectories++), env, clock, configFile);
    nodes.add(node);
    return node;
  }

  /** An empty cluster: its shared database runs, and {@link #startNode} adds the nodes. */
  public static TestCluster empty() throws Exception {
    Path root = Files.createTempDirectory("chorus-cluster-");
    try {
      return new TestCluster(root, EmbeddedDatabase.start(root.resolve("db"), 120));
    } catch (RuntimeException e) {
      TempFiles.delete(root);
      throw e;
    }
  }

  /** A new directory {@code name} under the cluster's own, removed with the cluster. */
  public Path directory(String name) throws IOException {
    return Files.createDirectory(root.resolve(name));
  }

  /** The MM_* settings of a node of this cluster on free loopback ports. */
  public Map<String, String> environment() {
    Map<String, String> env = new HashMap<>();
    env.put("MM_SQLSETTINGS_DATASOURCE", dataSource());
    env.put("MM_CLUSTERSETTINGS_ENABLE", "true");
    env.put("MM_CLUSTERSETTINGS_CLUSTERNAME", clusterName);
    env.put("MM_CLUSTERSETTINGS_OVERRIDEHOSTNAME", "127.0.0.1");
    env.put("MM_CLUSTERSETTINGS_GOSSIPPORT", Integer.toString(FreePorts.next()));
    env.put("MM_CLUSTERSETTINGS_MANAGEMENTPORT", Integer.toString(FreePorts.next()));
    return env;
  }

  public String dataSource() {
    return "postgres://" + EmbeddedDatabase.USER + "@127.0.0.1:" + database.port() + "/postgres?sslmode=disable";
  }

  public TestNode node(int index) {
    return nodes.get(index);
  }

  public int size() {
    return nodes.size();
  }

  @Override
  public void close() {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      nodes.get(i).close();
    }
    database.close();
    TempFiles.delete(root);
  }
}
