package chorus.loadtest.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The three clustered nodes scenarios (e) and (f) both need, started once: (e) measures its
 * fan-out on them, then (f) puts HAProxy in front of the same nodes and restarts and kills them.
 * Starting and stopping a second cluster would add about half a minute to a run and measure
 * nothing. A scenario that fails leaves the cluster in an unknown state: {@link #close()} stops
 * it, and the next {@link #get} starts a fresh one.
 */
final class SharedCluster implements AutoCloseable {
  private final Path nodeJar;
  private final List<String> javaOpts;
  private final int postgresPort;
  private final int nodes;
  private final Path logDir;
  private final Duration readyTimeout;
  private LocalClusterNodes cluster;
  private String history = "";

  SharedCluster(Path nodeJar, List<String> javaOpts, int postgresPort, int nodes, Path logDir, Duration readyTimeout) {
    this.nodeJar = nodeJar;
    this.javaOpts = javaOpts;
    this.postgresPort = postgresPort;
    this.nodes = nodes;
    this.logDir = logDir;
    this.readyTimeout = readyTimeout;
  }

  /**
   * The running cluster, started now if there is none.
   *
   * @param user the scenario taking it, for {@link #history()}
   */
  LocalClusterNodes get(String user) throws Exception {
    if (cluster == null) {
      cluster = LocalClusterNodes.start(nodeJar, javaOpts, postgresPort, nodes, logDir, readyTimeout);
      history = "started for " + user;
    } else {
      history = history + ", then used by " + user;
    }
    return cluster;
  }

  /** Who started the cluster and who used it since, e.g. "started for (e), then used by (f)". */
  String history() {
    return history;
  }

  /** Stops the cluster, if one runs; the next {@link #get} starts a fresh one. */
  @Override
  public void close() {
    if (cluster != null) {
      cluster.close();
      cluster = null;
    }
  }
}
