package chorus.node.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One loopback address in front of a node, for a browser that must keep one origin (its cookie,
 * its page) while the node behind it changes: each new connection goes to the node named
 * last, and connections already open stay with their node until it closes them. This is what
 * a load balancer does when its health check takes a stopping node out of rotation, without
 * the proxy process the end-to-end tests start. It can also cut its clients off for a while.
 */
public final class TcpForwarder implements AutoCloseable {
  private static final int CONNECT_TIMEOUT_MS = 2000;

  private final ServerSocket server;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final List<Socket> held = new ArrayList<>();
  private volatile int targetPort;
  private boolean cut;

  private TcpForwarder(ServerSocket server, int targetPort) {
    this.server = server;
    this.targetPort = targetPort;
  }

  /** Listens on a free loopback port and forwards to {@code 127.0.0.1:targetPort}. */
  public static TcpForwarder start(int targetPort) throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    TcpForwarder forwarder = new TcpForwarder(server, targetPort);
    Thread acceptor = new Thread(forwarder::acceptLoop, "forwarder-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
    return forwarder;
  }

  /** New connections go to {@code 127.0.0.1:port} from now on. */
  public void retarget(int port) {
    targetPort = port;
  }

  /**
   * A network outage: closes every open connection and holds new ones, unanswered, until
   * {@link #restore}. Holding rather than refusing keeps a client's reconnect attempt pending,
   * so it goes through the moment the line is back instead of after its next backoff.
   */
  public void cut() {
    synchronized (held) {
      cut = true;
    }
    sockets.forEach(this::closeQuietly);
  }

  /** Ends the outage: the held connections go on to the node, as new ones do. */
  public void restore() {
    List<Socket> waiting;
    synchronized (held) {
      cut = false;
      waiting = List.copyOf(held);
      held.clear();
    }
    waiting.forEach(this::forward);
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      synchronized (held) {
        if (cut) {
          held.add(client);
          continue;
        }
      }
      forward(client);
    }
  }

  private void forward(Socket client) {
    Socket backend = new Socket();
    try {
      backend.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), CONNECT_TIMEOUT_MS);
    } catch (IOException e) {
      // As a proxy with no healthy backend: the client sees its connection closed and retries.
      closeQuietly(client);
      closeQuietly(backend);
      return;
    }
    sockets.add(client);
    sockets.add(backend);
    pipe(client, backend);
    pipe(backend, client);
  }

  /** Copies {@code from} to {@code to}; when either ends, both are closed, so the other side learns at once. */
  private void pipe(Socket from, Socket to) {
    Thread copier = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int read;
        while ((read = in.read(buffer)) >= 0) {
          out.write(buffer, 0, read);
          out.flush();
        }
      } catch (IOException e) {
        // One side went away: close both below.
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "forwarder-pipe");
    copier.setDaemon(true);
    copier.start();
  }

  private void closeQuietly(Socket socket) {
    sockets.remove(socket);
    try {
      socket.close();
    } catch (IOException e) {
      // Already closed.
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // Already closed.
    }
    sockets.forEach(this::closeQuietly);
    synchronized (held) {
      held.forEach(this::closeQuietly);
      held.clear();
    }
  }
}
