package chorus.node.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/** A WebSocket test client that records every frame and waits for the ones a test expects. */
public final class WsClient implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final List<JsonNode> frames = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  /** Called on the socket's thread as each frame arrives, for measuring delivery times. */
  private volatile Consumer<JsonNode> onFrame = frame -> {};
  private final AtomicLong seq = new AtomicLong();
  /** While set, no frame is requested from the socket, so unread data backs up into TCP and the server. */
  private volatile boolean paused;
  private final WebSocket socket;

  private WsClient(String url, Map<String, String> headers, boolean paused) {
    this.paused = paused;
    WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    headers.forEach(builder::header);
    this.socket = builder.buildAsync(URI.create(url), new Listener()).join();
  }

  public static WsClient connect(String url) {
    return new WsClient(url, Map.of(), false);
  }

  public static WsClient connect(String url, Map<String, String> headers) {
    return new WsClient(url, headers, false);
  }

  /**
   * Connects but reads nothing until {@link #resume}: java.net.http delivers (and reads from
   * the socket) only what was requested, so this client is a consumer that stopped reading.
   * It can still send.
   */
  public static WsClient connectPaused(String url, Map<String, String> headers) {
    return new WsClient(url, headers, true);
  }

  /** Starts reading after {@link #connectPaused}. */
  public void resume() {
    paused = false;
    socket.request(1);
  }

  /** Connects and authenticates with a challenge; returns once hello has arrived. */
  public static WsClient authenticated(String url, String token) {
    WsClient client = connect(url);
    client.send("authentication_challenge", Map.of("token", token));
    client.await(f -> "hello".equals(f.path("event").asText()));
    return client;
  }

  public long send(String action, Object data) {
    long n = seq.incrementAndGet();
    try {
      socket.sendText(JSON.writeValueAsString(Map.of("seq", n, "action", action, "data", data == null ? Map.of() : data)), true).join();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return n;
  }

  public void sendRaw(String text) {
    socket.sendText(text, true).join();
  }

  public JsonNode await(Predicate<JsonNode> match) {
    Awaitility.await().atMost(10, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(20))
        .until(() -> frames.stream().anyMatch(match));
    return frames.stream().filter(match).findFirst().orElseThrow();
  }

  public JsonNode awaitEvent(String event) {
    return await(f -> event.equals(f.path("event").asText()));
  }

  public JsonNode awaitReply(long seqReply) {
    return await(f -> f.path("seq_reply").asLong() == seqReply);
  }

  public void onFrame(Consumer<JsonNode> listener) {
    onFrame = listener;
  }

  public List<JsonNode> frames() {
    return List.copyOf(frames);
  }

  public List<JsonNode> events(String event) {
    return frames.stream().filter(f -> event.equals(f.path("event").asText())).toList();
  }

  public CompletableFuture<Integer> closed() {
    return closed;
  }

  /** Waits until the server has closed the socket (or it failed); returns the close code, -1 on failure. */
  public int awaitClosed(Duration deadline) {
    try {
      return closed.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("socket still open after " + deadline, e);
    }
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }
    socket.abort();
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public void onOpen(WebSocket webSocket) {
      if (!paused) {
        webSocket.request(1);
      }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          JsonNode frame = JSON.readTree(partial.toString());
          onFrame.accept(frame);
          frames.add(frame);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        partial.setLength(0);
      }
      if (!paused) {
        webSocket.request(1);
      }
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.complete(-1);
    }
  }
}
