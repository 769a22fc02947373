package chorus.node.testkit;

import chorus.persistence.db.EmbeddedDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Real node processes (the fat jar, {@link NodeProcess}) forming one cluster through one
 * embedded PostgreSQL, on free loopback ports: what the end-to-end tests run against.
 */
public final class ProcessCluster implements AutoCloseable {
  private final Path root;
  private final EmbeddedDatabase database;
  private final List<NodeProcess> nodes = new ArrayList<>();

  private ProcessCluster(Path root, EmbeddedDatabase database) {
    this.root = root;
    this.database = database;
  }

  /** Starts {@code size} nodes at once and waits until every one serves. */
  public static ProcessCluster start(String name, int size, Map<String, String> settings) throws Exception {
    return start(name, size, settings, NodeProcess.jar());
  }

  /** As {@link #start(String, int, Map)}, every node running the fat jar {@code jar}. */
  public static ProcessCluster start(String name, int size, Map<String, String> settings, Path jar) throws Exception {
    Path root = Files.createTempDirectory("chorus-" + name + "-");
    ProcessCluster cluster = new ProcessCluster(root, EmbeddedDatabase.start(root, 100));
    try {
      for (int i = 0; i < size; i++) {
        Map<String, String> env = new HashMap<>(settings);
        env.put("MM_SQLSETTINGS_DATASOURCE", cluster.dataSource());
        env.put("MM_CLUSTERSETTINGS_ENABLE", "true");
        env.put("MM_CLUSTERSETTINGS_CLUSTERNAME", name);
        env.put("MM_CLUSTERSETTINGS_OVERRIDEHOSTNAME", "127.0.0.1");
        env.put("MM_CLUSTERSETTINGS_GOSSIPPORT", Integer.toString(FreePorts.next()));
        env.put("MM_CLUSTERSETTINGS_MANAGEMENTPORT", Integer.toString(FreePorts.next()));
        cluster.nodes.add(new NodeProcess(jar, root.resolve("node-" + i), env));
      }
      for (NodeProcess node : cluster.nodes) {
        node.start();
      }
      cluster.nodes.forEach(NodeProcess::awaitReady);
      return cluster;
    } catch (Exception | AssertionError e) {
      cluster.close();
      throw e;
    }
  }

  public NodeProcess node(int index) {
    return nodes.get(index);
  }

  public List<NodeProcess> nodes() {
    return List.copyOf(nodes);
  }

  /** host:port of every node's HTTP listener, for a proxy in front. */
  public List<String> backends() {
    return nodes.stream().map(node -> node.baseUrl().substring("http://".length())).toList();
  }

  public Path root() {
    return root;
  }

  public EmbeddedDatabase database() {
    return database;
  }

  public String dataSource() {
    return "postgres://" + EmbeddedDatabase.USER + "@127.0.0.1:" + database.port() + "/postgres?sslmode=disable";
  }

  @Override
  public void close() throws Exception {
    for (NodeProcess node : nodes) {
      node.close();
    }
    database.close();
    TempFiles.delete(root);
  }
}
