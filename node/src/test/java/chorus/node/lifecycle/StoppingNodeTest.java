package chorus.node.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import chorus.node.testkit.ApiClient;
import chorus.node.testkit.KeptAliveGet;
import chorus.node.testkit.TestCluster;
import chorus.node.testkit.TestNode;
import chorus.node.testkit.WsClient;
import chorus.node.websocket.Connections;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What a clustered node does as it stops, seen from outside: the last node of a cluster, so that
 * its drain (1 s here) and hand-off run with nobody to hand to.
 */
class StoppingNodeTest {
  private static TestCluster drainingNode() throws Exception {
    return TestCluster.start(List.of(Clock.systemUTC()), List.of(Map.of("MM_SERVICESETTINGS_SHUTDOWNDRAINSECONDS", "1")));
  }

  /**
   * Its port closes before the kept-alive connections a proxy holds to it, which it still answers
   * for a moment: a proxy that sends a request into one of them just as the port closes gets an
   * answer, not a reset it could not retry for a POST ({@link HttpPortClose}).
   */
  @Test
  void aKeptAliveConnectionIsAnsweredAfterThePortStopsAccepting() throws Exception {
    try (TestCluster cluster = drainingNode()) {
      TestNode node = cluster.node(0);
      URI base = URI.create(node.baseUrl());
      try (Socket kept = new Socket(base.getHost(), base.getPort())) {
        kept.setSoTimeout(10_000);
        assertThat(KeptAliveGet.get(kept, "/api/v4/config/client?format=old")).startsWith("HTTP/1.1 200");

        Thread stopper = new Thread(node::close, "stop-node");
        stopper.start();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> refusesConnections(base));
        // The stimulus, not a wait for a condition: a proxy's request arriving a moment after the
        // port closed, as a request routed to this node does before the proxy has seen a refusal.
        TimeUnit.MILLISECONDS.sleep(HttpPortClose.GRACE.toMillis() / 4);

        String answer = KeptAliveGet.get(kept, "/api/v4/config/client?format=old");
        assertThat(answer).as("the request on the connection kept from before the port closed").startsWith("HTTP/1.1 200");
        assertThat(answer.toLowerCase(Locale.ROOT)).as("the node tells the proxy not to reuse it").contains("connection: close");
        await().atMost(Duration.ofSeconds(60)).until(() -> !stopper.isAlive());
      }
    }
  }

  /** With no node to adopt its connections, it says so once, not once per connection. */
  @Test
  void theLastNodeSaysOnceThatNobodyAdoptsItsConnections() throws Exception {
    ListAppender<ILoggingEvent> warnings = new ListAppender<>();
    warnings.start();
    // The package's logger: the connection actors log there too (WebSocketConnection is package-private).
    Logger watched = (Logger) LoggerFactory.getLogger(Connections.class.getPackageName());
    watched.addAppender(warnings);
    try (TestCluster cluster = drainingNode()) {
      TestNode node = cluster.node(0);
      ApiClient alice = node.client();
      alice.signUp("alice");
      List<WsClient> sockets = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          WsClient socket = WsClient.authenticated(node.webSocketUrl(), alice.token());
          sockets.add(socket);
          socket.awaitEvent("hello");
        }
        node.close();
        sockets.forEach(socket -> socket.awaitClosed(Duration.ofSeconds(30)));
      } finally {
        sockets.forEach(WsClient::close);
      }
    } finally {
      watched.detachAppender(warnings);
    }
    assertThat(warnings.list).filteredOn(event -> event.getLevel() == Level.WARN).extracting(ILoggingEvent::getFormattedMessage)
        .singleElement().asString().startsWith("No other node is ready to adopt");
  }

  private static boolean refusesConnections(URI base) throws IOException {
    try (Socket probe = new Socket(base.getHost(), base.getPort())) {
      return false;
    } catch (ConnectException refused) {
      return true;
    }
  }
}
