package chorus.node.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real node for a whole test class, started before its first test and closed after its
 * last: {@code @RegisterExtension static final NodeFixture node = NodeFixture.withAdmin();}.
 * The first account of a node becomes its system admin, so {@link #withAdmin} takes it first
 * and the users a test signs up afterwards are ordinary.
 */
public final class NodeFixture implements BeforeAllCallback, AfterAllCallback {
  /** The system admin's password, for tools that sign in themselves. */
  public static final String ADMIN_PASSWORD = ApiClient.PASSWORD;
  private final Map<String, String> settings;
  private final Optional<String> configFileContent;
  private TestNode node;
  private ApiClient admin;
  private Path directory;
  private Path configFile;
  private String adminUsername;

  private NodeFixture(Map<String, String> settings, Optional<String> configFileContent) {
    this.settings = settings;
    this.configFileContent = configFileContent;
  }

  /** A node with these MM_* settings whose system admin is already signed up. */
  public static NodeFixture withAdmin(Map<String, String> settings) {
    return new NodeFixture(settings, Optional.empty());
  }

  /** As {@link #withAdmin(Map)}, the node also reading a config file that starts with {@code content}. */
  public static NodeFixture withConfigFile(Map<String, String> settings, String content) {
    return new NodeFixture(settings, Optional.of(content));
  }

  public static NodeFixture withAdmin() {
    return withAdmin(Map.of());
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    if (configFileContent.isPresent()) {
      directory = Files.createTempDirectory("chorus-test-");
      // Alone in its directory: the config tests check that a save leaves no temporary file beside it.
      configFile = Files.writeString(Files.createDirectory(directory.resolve("config")).resolve("config.json"),
          configFileContent.get());
      node = TestNode.start(directory.resolve("node"), settings, Clock.systemUTC(), Optional.of(configFile));
    } else {
      node = TestNode.start(settings);
    }
    admin = node.client();
    adminUsername = admin.signUp("admin").path("username").asText();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (node != null) {
      node.close();
    }
    TempFiles.delete(directory);
  }

  /** The node's system admin, signed in. */
  public ApiClient admin() {
    return admin;
  }

  public String adminUsername() {
    return adminUsername;
  }

  /** A new client of the node, not signed in. */
  public ApiClient client() {
    return node.client();
  }

  /** The node's config file, for a fixture made {@link #withConfigFile}. */
  public Path configFile() {
    return configFile;
  }

  public TestNode node() {
    return node;
  }

  public String webSocketUrl() {
    return node.webSocketUrl();
  }
}
