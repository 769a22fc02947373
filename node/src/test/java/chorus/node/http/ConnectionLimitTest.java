package chorus.node.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import chorus.node.testkit.KeptAliveGet;
import chorus.node.testkit.NodeFixture;
import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConnectionLimitTest {
  private static final int KEPT = 1_100;

  @RegisterExtension
  static final NodeFixture node = NodeFixture.withAdmin(Map.of());

  /**
   * Clients keep HTTP connections open between requests, beside their WebSocket. Pekko's default
   * stops accepting at 1,024 of them, and a new client then waited for idle ones to time out, a
   * minute later: the benchmark's sockets stalled so after its post scenario.
   */
  @Test
  void aNewClientIsAnsweredWhileMoreThan1024OthersKeepTheirConnectionsOpen() throws Exception {
    // Both ends of every connection are in this JVM.
    long fileLimit = ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getMaxFileDescriptorCount();
    assumeTrue(fileLimit >= 4 * KEPT, "the open-file limit " + fileLimit + " is too low for " + KEPT + " connections");
    URI base = URI.create(node.node().baseUrl());
    List<Socket> kept = new ArrayList<>();
    try {
      for (int i = 0; i < KEPT; i++) {
        Socket socket = new Socket(base.getHost(), base.getPort());
        kept.add(socket);
        socket.setSoTimeout(10_000);
        assertThat(KeptAliveGet.get(socket, "/api/v4/system/ping")).as("connection %d", i).startsWith("HTTP/1.1 200");
      }
      try (Socket fresh = new Socket()) {
        fresh.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
        fresh.setSoTimeout(5_000);
        assertThat(KeptAliveGet.get(fresh, "/api/v4/system/ping")).startsWith("HTTP/1.1 200");
      }
    } finally {
      for (Socket socket : kept) {
        socket.close();
      }
    }
  }
}
