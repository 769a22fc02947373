package chorus.node.testkit;

import java.util.Map;
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
  private final Map<String, String> settings;
  private TestNode node;
  private ApiClient admin;

  private NodeFixture(Map<String, String> settings) {
    this.settings = settings;
  }

  /** A node with these MM_* settings whose system admin is already signed up. */
  public static NodeFixture withAdmin(Map<String, String> settings) {
    return new NodeFixture(settings);
  }

  public static NodeFixture withAdmin() {
    return withAdmin(Map.of());
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    node = TestNode.start(settings);
    admin = node.client();
    admin.signUp("admin");
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (node != null) {
      node.close();
    }
  }

  /** The node's system admin, signed in. */
  public ApiClient admin() {
    return admin;
  }

  /** A new client of the node, not signed in. */
  public ApiClient client() {
    return node.client();
  }

  public TestNode node() {
    return node;
  }

  public String webSocketUrl() {
    return node.webSocketUrl();
  }
}
