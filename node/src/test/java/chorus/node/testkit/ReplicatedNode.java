package chorus.node.testkit;

import chorus.persistence.db.EmbeddedStandby;
import chorus.persistence.db.LocalReplicaSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A test node on a real primary with streaming read replicas, all in one temporary
 * directory that {@link #close} removes. The node reads through every replica and probes them
 * every second; {@code extra} adds or overrides MM_* settings.
 */
public record ReplicatedNode(Path directory, LocalReplicaSet servers, TestNode node) implements AutoCloseable {

  public static ReplicatedNode start(String prefix, int replicas, int maxConnections, Map<String, String> extra)
      throws Exception {
    Path directory = Files.createTempDirectory(prefix);
    LocalReplicaSet servers = LocalReplicaSet.start(directory.resolve("pg"), replicas, 0, maxConnections);
    try {
      Map<String, String> env = new HashMap<>();
      env.put("MM_SQLSETTINGS_DATASOURCE", servers.primaryDataSource());
      env.put("MM_SQLSETTINGS_DATASOURCEREPLICAS",
          servers.replicas().stream().map(EmbeddedStandby::dataSource).collect(Collectors.joining(" ")));
      env.put("MM_SQLSETTINGS_REPLICAMONITORINTERVALSECONDS", "1");
      env.putAll(extra);
      return new ReplicatedNode(directory, servers, TestNode.start(directory.resolve("node"), env));
    } catch (Exception | Error e) {
      servers.close();
      TempFiles.delete(directory);
      throw e;
    }
  }

  @Override
  public void close() {
    try {
      node.close();
    } finally {
      try {
        servers.close();
      } finally {
        TempFiles.delete(directory);
      }
    }
  }
}
