package chorus.node.testkit;

import chorus.node.ChorusNode;
import chorus.node.config.ConfigFile;
import chorus.node.config.LiveConfig;
import chorus.protocol.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real Chorus node for API tests: embedded PostgreSQL in a fresh temporary data directory,
 * HTTP on a free loopback port, started through the same {@link ChorusNode#start} as main.
 */
public final class TestNode implements AutoCloseable {
  private final ChorusNode node;
  private final Path dataDir;
  private final Map<String, String> environment;
  private final boolean ownsDataDir;

  private TestNode(ChorusNode node, Path dataDir, Map<String, String> environment, boolean ownsDataDir) {
    this.node = node;
    this.dataDir = dataDir;
    this.environment = environment;
    this.ownsDataDir = ownsDataDir;
  }

  public static TestNode start() {
    return start(Map.of());
  }

  /**
   * Starts a node in a temporary data directory of its own, removed when it closes (each one
   * holds a PostgreSQL cluster of about 140 MB); {@code overrides} are MM_* variables applied
   * over the test defaults.
   */
  public static TestNode start(Map<String, String> overrides) {
    Path dataDir = null;
    try {
      dataDir = Files.createTempDirectory("chorus-test-");
      return launch(dataDir, overrides, Clock.systemUTC(), Optional.empty(), true);
    } catch (Exception e) {
      TempFiles.delete(dataDir);
      throw new IllegalStateException("test node did not start", e);
    }
  }

  public static TestNode start(Path dataDir, Map<String, String> overrides) throws Exception {
    return start(dataDir, overrides, Clock.systemUTC());
  }

  /** As {@link #start(Path, Map)}, on the given wall clock. */
  public static TestNode start(Path dataDir, Map<String, String> overrides, Clock clock) throws Exception {
    return start(dataDir, overrides, clock, Optional.empty());
  }

  /**
   * As {@link #start(Path, Map, Clock)}, reading {@code configFile} under the environment as a
   * node started with {@code --config} does (the config API can then save to it).
   */
  public static TestNode start(Path dataDir, Map<String, String> overrides, Clock clock, Optional<Path> configFile)
      throws Exception {
    return launch(dataDir, overrides, clock, configFile, false);
  }

  private static TestNode launch(Path dataDir, Map<String, String> overrides, Clock clock, Optional<Path> configFile,
      boolean ownsDataDir) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("MM_SERVICESETTINGS_LISTENADDRESS", "127.0.0.1:0");
    env.put("MM_CLUSTERSETTINGS_MANAGEMENTPORT", "0");
    env.put("MM_TEAMSETTINGS_ENABLEOPENSERVER", "true");
    env.put("MM_LOGSETTINGS_ENABLEFILE", "false");
    env.put("MM_SQLSETTINGS_MAXOPENCONNS", "20");
    // No proxy watches test nodes: a stopping one hands its sockets over without waiting to be taken out of rotation.
    env.put("MM_SERVICESETTINGS_SHUTDOWNDRAINSECONDS", "0");
    env.putAll(overrides);
    // The node's live config re-reads this map on every reload, as a real node re-reads its environment.
    Map<String, String> environment = new ConcurrentHashMap<>(env);
    LiveConfig config = configFile.isPresent()
        ? LiveConfig.load(new ConfigFile(configFile.get(), () -> Map.copyOf(environment)))
        : LiveConfig.load(() -> ConfigLoader.load(Optional.empty(), Map.copyOf(environment)));
    return new TestNode(ChorusNode.start(config, dataDir, clock), dataDir, environment, ownsDataDir);
  }

  /** Changes the node's MM_* environment for its next config reload; an empty value removes a variable. */
  public void setEnvironment(Map<String, String> changes) {
    changes.forEach((name, value) -> {
      if (value.isEmpty()) {
        environment.remove(name);
      } else {
        environment.put(name, value);
      }
    });
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + node.port();
  }

  public String webSocketUrl() {
    return "ws://127.0.0.1:" + node.port() + "/api/v4/websocket";
  }

  public ApiClient client() {
    return new ApiClient(baseUrl());
  }

  public ChorusNode node() {
    return node;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Stops the node; a data directory the caller passed in stays, for a restart on it. */
  @Override
  public void close() {
    node.close();
    if (ownsDataDir) {
      TempFiles.delete(dataDir);
    }
  }
}
