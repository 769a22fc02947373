package chorus.node.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback port that was free a moment ago, for settings that cluster peers must know
 * before the node binds (a port of 0 would be advertised as 0). A port is handed out once per
 * test JVM: the OS may offer a port again as soon as the probe closes it, and a cluster's ports
 * are all chosen before any of its nodes binds, so two nodes could otherwise be given the same
 * one (seen: one node's HTTP port was another's management port).
 */
public final class FreePorts {
  /** Every port handed out in this JVM; test-only state shared by all test classes on purpose. */
  private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

  private FreePorts() {}

  public static int next() {
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = probe();
      if (GIVEN.add(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no loopback port that was not handed out before");
  }

  private static int probe() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
