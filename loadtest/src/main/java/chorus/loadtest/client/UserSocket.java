package chorus.loadtest.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.http.javadsl.ConnectionContext;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.http.javadsl.model.ws.WebSocketRequest;
import org.apache.pekko.http.javadsl.model.ws.WebSocketUpgradeResponse;
import org.apache.pekko.http.javadsl.settings.ClientConnectionSettings;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.SourceQueueWithComplete;

/**
 * One simulated client's WebSocket to {@code /api/v4/websocket}, authenticated with the
 * session token on the upgrade, bound to the next {@link SourceAddresses source address}.
 *
 * <p>It follows the Mattermost client's rules (mattermost-api.md C.4): {@code hello} arrives at
 * seq 0 and every later event's seq must be exactly one more than the last — a gap is counted,
 * as the real client would reconnect on it; like the webapp it sends a {@code ping} action right
 * after connecting and every 30 s (a client that stays silent is not what the node will see). It
 * counts an unexpected close and reconnects: when the server closes the socket the client
 * reconnects after 1–2 s (at most {@link #MAX_RECONNECTS} times), and each reconnect is counted;
 * Chorus has no resume yet, so whatever was published in between is what the delivery checker
 * reports missing.
 */
public final class UserSocket {
  public static final int MAX_RECONNECTS = 5;
  /** The webapp's {@code clientPingInterval}: a {@code ping} action right after connecting, then every 30 s. */
  private static final Duration PING_INTERVAL = Duration.ofSeconds(30);
  private static final int SEND_BUFFER = 32;

  /** What a scenario hears from the socket; called on stream threads, so keep it cheap. */
  public interface Listener {
    /** A (re)connection is registered: events created from now on are owed to this client. */
    void onHello(UserSocket socket, long wallClockMillis);

    /** Any event after {@code hello}, in arrival order. */
    void onEvent(UserSocket socket, String event, JsonNode frame);
  }

  private final ClientRuntime runtime;
  private final String url;
  private final String clientId;
  private final String token;
  private final boolean reconnect;
  private final Listener listener;
  private final CompletableFuture<Void> firstHello = new CompletableFuture<>();
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();
  private final AtomicLong seqGaps = new AtomicLong();
  private final AtomicInteger reconnects = new AtomicInteger();
  private final AtomicInteger requestSeq = new AtomicInteger();
  private volatile SourceQueueWithComplete<Message> outbound;
  private volatile long expectedSeq;
  private volatile boolean closing;
  private volatile org.apache.pekko.actor.Cancellable pinger;

  public UserSocket(ClientRuntime runtime, URI baseUrl, String clientId, String token, boolean reconnect, Listener listener) {
    Targets.requireLoopback(baseUrl);
    this.runtime = runtime;
    this.url = "ws://" + baseUrl.getAuthority() + "/api/v4/websocket";
    this.clientId = clientId;
    this.token = token;
    this.reconnect = reconnect;
    this.listener = listener;
  }

  public String clientId() {
    return clientId;
  }

  /** Opens the socket; completes when the first {@code hello} arrives, fails if the upgrade is refused. */
  public CompletionStage<Void> connect() {
    open();
    return firstHello;
  }

  /** Sends a client action ({@code user_typing}, {@code ping}, ...); dropped when the socket is not open. */
  public void send(String action, Object data) {
    SourceQueueWithComplete<Message> queue = outbound;
    if (queue == null || closing) {
      return;
    }
    Map<String, Object> frame = new LinkedHashMap<>();
    frame.put("seq", requestSeq.incrementAndGet());
    frame.put("action", action);
    frame.put("data", data);
    try {
      queue.offer(TextMessage.create(runtime.json().writeValueAsString(frame)));
    } catch (Exception e) {
      throw new IllegalArgumentException("cannot serialise " + action, e);
    }
  }

  public long seqGaps() {
    return seqGaps.get();
  }

  public int reconnects() {
    return reconnects.get();
  }

  /** Completes when the socket is closed and no reconnect will follow. */
  public CompletionStage<Void> terminated() {
    return terminated;
  }

  /** Closes the socket for good: no reconnect follows. */
  public void close() {
    closing = true;
    SourceQueueWithComplete<Message> queue = outbound;
    if (queue != null) {
      queue.complete();
    } else if (!firstHello.isDone() || !reconnect) {
      terminated.complete(null);
    }
  }

  private void open() {
    Pair<SourceQueueWithComplete<Message>, Source<Message, org.apache.pekko.NotUsed>> queue =
        Source.<Message>queue(SEND_BUFFER, OverflowStrategy.dropHead()).preMaterialize(runtime.materializer());
    Sink<Message, CompletionStage<Done>> inbound = Flow.<Message>create()
        .mapAsync(1, this::text)
        .toMat(Sink.foreach(this::onText), Keep.right());
    Flow<Message, Message, CompletionStage<Done>> flow = Flow.fromSinkAndSourceCoupledMat(inbound, queue.second(), Keep.left());
    ClientConnectionSettings settings = ClientConnectionSettings.create(runtime.system())
        .withLocalAddress(Optional.of(new InetSocketAddress(runtime.sourceAddresses().next(), 0)));
    WebSocketRequest request = WebSocketRequest.create(url).addHeader(RawHeader.create("Authorization", "Bearer " + token));
    outbound = queue.first();
    Pair<CompletionStage<WebSocketUpgradeResponse>, CompletionStage<Done>> result = runtime.http().singleWebSocketRequest(
        request, flow, ConnectionContext.noEncryption(), Optional.empty(), settings, runtime.system().log(), runtime.materializer());
    result.first().whenComplete((upgrade, failure) -> {
      if (failure == null && upgrade.response().status().intValue() != 101) {
        failure = new IllegalStateException("upgrade refused: " + upgrade.response().status());
      }
      if (failure != null) {
        firstHello.completeExceptionally(failure);
      }
    });
    result.second().whenComplete((done, failure) -> onClosed());
  }

  private CompletionStage<String> text(Message message) {
    if (message.isText()) {
      TextMessage text = message.asTextMessage();
      return text.isStrict()
          ? CompletableFuture.completedFuture(text.getStrictText())
          : text.getStreamedText().runFold("", String::concat, runtime.materializer());
    }
    return message.asBinaryMessage().getStreamedData().runWith(Sink.ignore(), runtime.materializer()).thenApply(done -> "");
  }

  private void onText(String text) throws Exception {
    if (text.isEmpty()) {
      return;
    }
    JsonNode frame = runtime.json().readTree(text);
    JsonNode event = frame.get("event");
    if (event == null) {
      return; // a reply to one of our actions
    }
    long seq = frame.path("seq").asLong(-1);
    if ("hello".equals(event.asText())) {
      expectedSeq = 1;
      startPinging();
      listener.onHello(this, System.currentTimeMillis());
      firstHello.complete(null);
      return;
    }
    if (seq != expectedSeq) {
      seqGaps.incrementAndGet();
    }
    expectedSeq = seq + 1;
    listener.onEvent(this, event.asText(), frame);
  }

  private void startPinging() {
    org.apache.pekko.actor.Cancellable previous = pinger;
    if (previous != null) {
      previous.cancel();
    }
    pinger = runtime.system().scheduler().scheduleAtFixedRate(Duration.ZERO, PING_INTERVAL, () -> send("ping", null),
        runtime.system().dispatcher());
  }

  private void onClosed() {
    outbound = null;
    org.apache.pekko.actor.Cancellable p = pinger;
    if (p != null) {
      p.cancel();
    }
    if (closing || !reconnect || !firstHello.isDone() || reconnects.get() >= MAX_RECONNECTS) {
      terminated.complete(null);
      return;
    }
    reconnects.incrementAndGet();
    Duration backoff = Duration.ofMillis(1000 + ThreadLocalRandom.current().nextLong(1000));
    runtime.schedule(backoff, () -> {
      if (closing) {
        terminated.complete(null);
        return;
      }
      try {
        open();
      } catch (IllegalStateException e) {
        // the generator is shutting down
        terminated.complete(null);
      }
    });
  }
}
