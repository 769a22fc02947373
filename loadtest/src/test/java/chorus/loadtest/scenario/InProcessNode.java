package chorus.loadtest.scenario;

import chorus.node.ChorusNode;
import chorus.protocol.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** A real node in this JVM on a free loopback port, on a temporary data directory it deletes. */
final class InProcessNode implements AutoCloseable {
  private final ChorusNode node;
  private final Path dataDir;

  private InProcessNode(ChorusNode node, Path dataDir) {
    this.node = node;
    this.dataDir = dataDir;
  }

  static InProcessNode start() throws Exception {
    Path dataDir = Files.createTempDirectory("chorus-loadtest-");
    Map<String, String> env = Map.of(
        "MM_SERVICESETTINGS_LISTENADDRESS", "127.0.0.1:0",
        "MM_CLUSTERSETTINGS_MANAGEMENTPORT", "0",
        "MM_TEAMSETTINGS_ENABLEOPENSERVER", "true",
        "MM_LOGSETTINGS_ENABLEFILE", "false",
        "MM_SQLSETTINGS_MAXOPENCONNS", "10");
    return new InProcessNode(ChorusNode.start(ConfigLoader.load(Optional.empty(), env), dataDir), dataDir);
  }

  String baseUrl() {
    return "http://127.0.0.1:" + node.port();
  }

  @Override
  public void close() throws IOException {
    node.close();
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
