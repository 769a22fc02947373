package chorus.node.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.node.metrics.NodeMetrics;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Frames a connection offers before its socket's stream runs wait, in order, within the bound. */
class ConnectionSocketTest {
  // The node's own settings (they allow the Pekko modules' mixed versions), on a local actor system.
  private static final ActorTestKit KIT = ActorTestKit.create("ConnectionSocketTest",
      ConfigFactory.parseString("pekko.actor.provider = local").withFallback(ConfigFactory.load()));
  private static final Materializer MAT = Materializer.matFromSystem(KIT.system());
  private static final Duration WAIT = Duration.ofSeconds(5);

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  private static Pair<BoundedSourceQueue<Message>, CompletionStage<List<Message>>> stream() {
    return Source.<Message>queue(ConnectionSocket.SIZE).toMat(Sink.seq(), Keep.both()).run(MAT);
  }

  private static List<String> texts(CompletionStage<List<Message>> written) throws Exception {
    return written.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS).stream()
        .map(m -> m.asTextMessage().getStrictText()).toList();
  }

  @Test
  void framesOfferedBeforeTheStreamRunsGoFirstAndInOrder() throws Exception {
    ConnectionSocket socket = new ConnectionSocket(new NodeMetrics("test", false));
    assertThat(socket.offer("hello")).isEqualTo(ConnectionSocket.Offer.QUEUED);
    assertThat(socket.offer("first event")).isEqualTo(ConnectionSocket.Offer.QUEUED);
    assertThat(socket.queued()).isEqualTo(2);
    var stream = stream();

    socket.attach(stream.first());
    assertThat(socket.offer("second event")).isEqualTo(ConnectionSocket.Offer.QUEUED);
    socket.closeAfterQueued();

    assertThat(texts(stream.second())).containsExactly("hello", "first event", "second event");
  }

  @Test
  void theBoundHoldsBeforeTheStreamRunsToo() {
    ConnectionSocket socket = new ConnectionSocket(new NodeMetrics("test", false));
    for (int i = 0; i < ConnectionSocket.SIZE; i++) {
      assertThat(socket.offer("frame " + i)).isEqualTo(ConnectionSocket.Offer.QUEUED);
    }
    assertThat(socket.offer("one too many")).isEqualTo(ConnectionSocket.Offer.FULL);
  }

  @Test
  void aCloseAskedForBeforeTheStreamRunsEndsItAfterWhatWaited() throws Exception {
    ConnectionSocket socket = new ConnectionSocket(new NodeMetrics("test", false));
    socket.offer("goodbye");
    socket.closeAfterQueued();
    assertThat(socket.offer("too late")).isEqualTo(ConnectionSocket.Offer.GONE);
    var stream = stream();

    socket.attach(stream.first());

    assertThat(texts(stream.second())).containsExactly("goodbye");
  }

  @Test
  void anAbortBeforeTheStreamRunsFailsItWithoutWhatWaited() {
    ConnectionSocket socket = new ConnectionSocket(new NodeMetrics("test", false));
    socket.offer("never sent");
    socket.abort(new ClientTooSlow());
    var stream = stream();

    socket.attach(stream.first());

    assertThat(stream.second().toCompletableFuture()).failsWithin(WAIT).withThrowableThat().withCauseInstanceOf(ClientTooSlow.class);
  }
}
