package chorus.client.cli;

import chorus.client.ChorusClient;
import chorus.node.ChorusNode;
import chorus.node.config.ConfigFile;
import chorus.node.config.LiveConfig;
import chorus.protocol.api.CreateUserRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real node for the CLI tests: embedded PostgreSQL in a temporary directory, HTTP on a free
 * loopback port, a config.json the config API can save to, and a system admin (the first
 * account) whose password the tests log in with.
 */
final class NodeUnderTest implements AutoCloseable {
  static final String ADMIN = "sysadmin";
  static final String ADMIN_PASSWORD = "Sysadmin-Passw0rd!";

  private final ChorusNode node;
  private final Path dataDir;
  private final Path configFile;

  private NodeUnderTest(ChorusNode node, Path dataDir, Path configFile) {
    this.node = node;
    this.dataDir = dataDir;
    this.configFile = configFile;
  }

  /** {@code overrides}: MM_* settings over the test defaults. */
  static NodeUnderTest start(Map<String, String> overrides) throws Exception {
    Path dataDir = Files.createTempDirectory("chorus-mmctl-");
    Path configFile = dataDir.resolve("config.json");
    Files.writeString(configFile, "{}");
    Map<String, String> env = new HashMap<>();
    env.put("MM_SERVICESETTINGS_LISTENADDRESS", "127.0.0.1:0");
    env.put("MM_CLUSTERSETTINGS_MANAGEMENTPORT", "0");
    env.put("MM_LOGSETTINGS_ENABLEFILE", "false");
    env.put("MM_SQLSETTINGS_MAXOPENCONNS", "10");
    env.put("MM_SERVICESETTINGS_SHUTDOWNDRAINSECONDS", "0");
    env.putAll(overrides);
    Map<String, String> environment = Map.copyOf(env);
    ChorusNode node = ChorusNode.start(LiveConfig.load(new ConfigFile(configFile, () -> environment)), dataDir.resolve("data"));
    NodeUnderTest started = new NodeUnderTest(node, dataDir, configFile);
    ChorusClient.anonymous(started.url()).createUser(new CreateUserRequest(ADMIN, ADMIN + "@example.com", ADMIN_PASSWORD,
        null, null, null, null, null, null, null));
    return started;
  }

  String url() {
    return "http://127.0.0.1:" + node.port();
  }

  Path configFile() {
    return configFile;
  }

  ChorusClient admin() {
    return ChorusClient.anonymous(url()).login(ADMIN, ADMIN_PASSWORD).client();
  }

  @Override
  public void close() throws IOException {
    node.close();
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
