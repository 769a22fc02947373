package chorus.node.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chorus.node.testkit.TestCluster;
import chorus.node.testkit.TestNode;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A stopping clustered node closes its port before the kept-alive connections a proxy holds to
 * it, and still answers on those for a moment: a proxy that sends a request into one of them
 * just as the port closes gets an answer, not a reset it could not retry for a POST
 * ({@link HttpPortClose}).
 */
class HttpPortCloseTest {
  @Test
  void aKeptAliveConnectionIsAnsweredAfterThePortStopsAccepting() throws Exception {
    try (TestCluster cluster = TestCluster.start(List.of(Clock.systemUTC()),
        List.of(Map.of("MM_SERVICESETTINGS_SHUTDOWNDRAINSECONDS", "1")))) {
      TestNode node = cluster.node(0);
      URI base = URI.create(node.baseUrl());
      try (Socket kept = new Socket(base.getHost(), base.getPort())) {
        kept.setSoTimeout(10_000);
        assertThat(get(kept, "/api/v4/config/client?format=old")).startsWith("HTTP/1.1 200");

        Thread stopper = new Thread(node::close, "stop-node");
        stopper.start();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> refusesConnections(base));
        // The stimulus, not a wait for a condition: a proxy's request arriving a moment after the
        // port closed, as a request routed to this node does before the proxy has seen a refusal.
        TimeUnit.MILLISECONDS.sleep(HttpPortClose.GRACE.toMillis() / 4);

        String answer = get(kept, "/api/v4/config/client?format=old");
        assertThat(answer).as("the request on the connection kept from before the port closed").startsWith("HTTP/1.1 200");
        assertThat(answer.toLowerCase(Locale.ROOT)).as("the node tells the proxy not to reuse it").contains("connection: close");
        await().atMost(Duration.ofSeconds(60)).until(() -> !stopper.isAlive());
      }
    }
  }

  private static boolean refusesConnections(URI base) throws IOException {
    try (Socket probe = new Socket(base.getHost(), base.getPort())) {
      return false;
    } catch (ConnectException refused) {
      return true;
    }
  }

  /** One keep-alive GET on {@code socket}: the response's head and body as text. */
  private static String get(Socket socket, String path) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(("GET " + path + " HTTP/1.1\r\nHost: chorus\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("the node closed the connection before answering; so far: " + head);
      }
      head.write(b);
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    int length = text.toLowerCase(Locale.ROOT).lines().filter(line -> line.startsWith("content-length:"))
        .mapToInt(line -> Integer.parseInt(line.substring("content-length:".length()).trim())).findFirst().orElse(0);
    return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }
}
