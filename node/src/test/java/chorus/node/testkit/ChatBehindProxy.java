package chorus.node.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A cluster of node processes behind a proxy, with a system admin, a team and three rooms for
 * official-client users ({@code failover.js}) to chat in: the scene of the end-to-end failover
 * and upgrade tests.
 */
public final class ChatBehindProxy implements AutoCloseable {
  /** Starts the proxy under test in {@code runDir} on {@code port}, in front of {@code backends} (host:port). */
  @FunctionalInterface
  public interface ProxyStarter {
    ProxyProcess start(Path runDir, int port, List<String> backends) throws Exception;
  }

  private final ProcessCluster cluster;
  private final ProxyProcess proxy;
  private final String adminToken;
  private final String teamId;
  private final String channels;

  private ChatBehindProxy(ProcessCluster cluster, ProxyProcess proxy, String adminToken, String teamId, String channels) {
    this.cluster = cluster;
    this.proxy = proxy;
    this.adminToken = adminToken;
    this.teamId = teamId;
    this.channels = channels;
  }

  /** Puts a proxy in front of {@code cluster} and sets the scene up through it; closing it closes the cluster too. */
  public static ChatBehindProxy start(ProcessCluster cluster, ProxyStarter proxyStarter, String teamPrefix) throws Exception {
    ProxyProcess proxy = null;
    try {
      proxy = proxyStarter.start(cluster.root().resolve("proxy"), FreePorts.next(), cluster.backends());
      ApiClient admin = new ApiClient(proxy.baseUrl());
      admin.signUp("admin");
      String teamId = admin.createTeam(teamPrefix).path("id").asText();
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        ids.add(admin.createChannel(teamId, "room" + i).path("id").asText());
      }
      return new ChatBehindProxy(cluster, proxy, admin.token(), teamId, String.join(",", ids));
    } catch (Exception e) {
      if (proxy != null) {
        proxy.close();
      }
      cluster.close();
      throw e;
    }
  }

  /** Starts {@code failover.js}: official-client users posting through the proxy, logging under {@code run}. */
  public NodeScript users(String run) throws Exception {
    return NodeScript.mmclient(cluster.root().resolve(run), "failover.js", proxy.baseUrl(), adminToken, teamId, channels);
  }

  public ProxyProcess proxy() {
    return proxy;
  }

  public ProcessCluster cluster() {
    return cluster;
  }

  public String adminToken() {
    return adminToken;
  }

  @Override
  public void close() throws Exception {
    try {
      proxy.close();
    } finally {
      cluster.close();
    }
  }
}
