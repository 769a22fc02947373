package chorus.loadtest.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One simulated client's WebSocket to {@code /api/v4/websocket}, authenticated with the
 * session token on the upgrade, bound to the next {@link SourceAddresses source address}. Its
 * channel is served by the runtime's {@link SocketReactor}; the frames are {@link WebSocketFrames}.
 *
 * <p>It follows the Mattermost client's rules (mattermost-api.md C.4): {@code hello} arrives at
 * seq 0 and every later event's seq must be exactly one more than the last — a gap is counted,
 * as the real client would reconnect on it; like the webapp it sends a {@code ping} action right
 * after connecting and every 30 s (a client that stays silent is not what the node will see). It
 * counts an unexpected close and reconnects: when the server closes the socket the client
 * reconnects after 1–2 s (at most {@link #MAX_RECONNECTS} times), and each reconnect is counted.
 * It reconnects as a new connection, without resuming, so whatever was published in between is
 * what the delivery checker reports missing.
 */
public final class UserSocket {
  public static final int MAX_RECONNECTS = 5;
  /** The webapp's {@code clientPingInterval}: a {@code ping} action right after connecting, then every 30 s. */
  private static final Duration PING_INTERVAL = Duration.ofSeconds(30);
  /**
   * TCP connect and upgrade together, as long as {@code Sockets.open} waits for a hello. At 15 s,
   * full runs of (b) counted 192 failed connects: a node that had stopped accepting at Pekko's
   * connection limit, now raised. A slow open is a result ((b) reports each one's time), not a
   * failure.
   */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(60);
  /** How long a close waits for the server's close frame before it drops the connection. */
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
  private static final int SEND_BUFFER = 32;
  private static final int NORMAL_CLOSURE = 1000;

  /** What a scenario hears from the socket; called on the reactor thread, so keep it cheap. */
  public interface Listener {
    /** A (re)connection is registered: events created from now on are owed to this client. */
    void onHello(UserSocket socket, long wallClockMillis);

    /** Any event after {@code hello}, in arrival order. */
    void onEvent(UserSocket socket, String event, JsonNode frame);
  }

  private final ClientRuntime runtime;
  private final SocketReactor reactor;
  private final InetSocketAddress server;
  private final String hostAndPort;
  private final String clientId;
  private final String token;
  private final boolean reconnect;
  private final Listener listener;
  private final CompletableFuture<Void> firstHello = new CompletableFuture<>();
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();
  private final AtomicLong seqGaps = new AtomicLong();
  private final AtomicInteger reconnects = new AtomicInteger();
  private final AtomicInteger requestSeq = new AtomicInteger();
  // Reactor thread only.
  private Attempt attempt;
  private long expectedSeq;
  private volatile boolean closing;
  private volatile org.apache.pekko.actor.Cancellable pinger;

  public UserSocket(ClientRuntime runtime, URI baseUrl, String clientId, String token, boolean reconnect, Listener listener) {
    Targets.requireLoopback(baseUrl);
    this.runtime = runtime;
    this.reactor = runtime.reactor();
    int port = baseUrl.getPort() == -1 ? 80 : baseUrl.getPort();
    this.server = new InetSocketAddress(baseUrl.getHost(), port);
    this.hostAndPort = baseUrl.getAuthority();
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
    reactor.execute(this::open);
    return firstHello;
  }

  /** Sends a client action ({@code user_typing}, {@code ping}, ...); dropped when the socket is not open. */
  public void send(String action, Object data) {
    if (closing) {
      return;
    }
    Map<String, Object> frame = new LinkedHashMap<>();
    frame.put("seq", requestSeq.incrementAndGet());
    frame.put("action", action);
    frame.put("data", data);
    ByteBuffer bytes;
    try {
      bytes = WebSocketFrames.clientFrame(WebSocketFrames.TEXT, runtime.json().writeValueAsBytes(frame));
    } catch (Exception e) {
      throw new IllegalArgumentException("cannot serialise " + action, e);
    }
    reactor.execute(() -> {
      Attempt current = attempt;
      if (current != null && current.open) {
        current.write(bytes, true);
      }
    });
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
    reactor.execute(() -> {
      Attempt current = attempt;
      if (current != null) {
        current.close();
      } else if (!firstHello.isDone() || !reconnect) {
        terminated.complete(null);
      }
    });
  }

  private void open() {
    try {
      attempt = new Attempt();
    } catch (IOException | RuntimeException e) {
      attempt = null;
      firstHello.completeExceptionally(e);
      onClosed();
    }
  }

  private void onText(byte[] data, int offset, int length) throws IOException {
    JsonNode frame = runtime.json().readTree(data, offset, length);
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

  /** On the reactor thread, once per attempt. */
  private void onClosed() {
    attempt = null;
    org.apache.pekko.actor.Cancellable p = pinger;
    if (p != null) {
      p.cancel();
    }
    if (!firstHello.isDone()) {
      firstHello.completeExceptionally(new IOException("closed before hello"));
    }
    if (closing || !reconnect || firstHello.isCompletedExceptionally() || reconnects.get() >= MAX_RECONNECTS) {
      terminated.complete(null);
      return;
    }
    reconnects.incrementAndGet();
    Duration backoff = Duration.ofMillis(1000 + ThreadLocalRandom.current().nextLong(1000));
    runtime.schedule(backoff, () -> reactor.execute(() -> {
      if (closing) {
        terminated.complete(null);
        return;
      }
      open();
    }));
  }

  /** One TCP connection, from connect through the upgrade to its close; lives on the reactor thread. */
  private final class Attempt implements SocketReactor.Handler, WebSocketFrames.Sink {
    private final SocketChannel channel;
    private final SelectionKey key;
    private final UpgradeHandshake handshake = new UpgradeHandshake();
    private final WebSocketFrames frames = new WebSocketFrames();
    private final Outbox outbox = new Outbox(SEND_BUFFER);
    private byte[] head = new byte[1024];
    private int headLength;
    private boolean upgradeSent;
    private boolean open;
    private boolean closeSent;
    private boolean ended;

    Attempt() throws IOException {
      channel = SocketChannel.open();
      try {
        channel.configureBlocking(false);
        channel.bind(new InetSocketAddress(runtime.sourceAddresses().next(), 0));
        channel.connect(server);
        key = channel.register(reactor.selector(), SelectionKey.OP_CONNECT, this);
      } catch (IOException e) {
        channel.close();
        throw e;
      }
      runtime.schedule(CONNECT_TIMEOUT, () -> reactor.execute(() -> {
        if (!open && !ended) {
          failed(new IOException("no WebSocket after " + CONNECT_TIMEOUT.toSeconds() + " s ("
              + (upgradeSent ? "the upgrade was not answered" : "the TCP connect did not complete") + ")"));
        }
      }));
    }

    @Override
    public void connectable() throws IOException {
      channel.finishConnect();
      upgradeSent = true;
      key.interestOps(SelectionKey.OP_READ);
      write(ByteBuffer.wrap(handshake.request(hostAndPort, "/api/v4/websocket", token)), false);
    }

    @Override
    public void readable(ByteBuffer buffer) throws IOException {
      int read = channel.read(buffer);
      if (read < 0) {
        end();
        return;
      }
      buffer.flip();
      if (!open) {
        upgrade(buffer);
      }
      if (open && buffer.hasRemaining()) {
        frames.read(buffer, this);
      }
    }

    private void upgrade(ByteBuffer buffer) throws IOException {
      int more = buffer.remaining();
      if (headLength + more > head.length) {
        if (headLength + more > 64 * 1024) {
          throw new IOException("an upgrade response over 64 KB");
        }
        head = Arrays.copyOf(head, Math.max(head.length * 2, headLength + more));
      }
      buffer.get(head, headLength, more);
      headLength += more;
      int end = UpgradeHandshake.headersEnd(head, headLength);
      if (end < 0) {
        return;
      }
      UpgradeHandshake.Answer answer = handshake.answer(new String(head, 0, end - 4, StandardCharsets.ISO_8859_1));
      if (!answer.upgraded()) {
        firstHello.completeExceptionally(new IllegalStateException("upgrade refused: " + answer.statusLine()));
        end();
        return;
      }
      open = true;
      buffer.clear();
      buffer.put(head, end, headLength - end).flip();
      head = null;
    }

    @Override
    public void message(int opcode, byte[] data, int offset, int length) throws IOException {
      if (ended) {
        return; // frames read after the close in the same read
      }
      switch (opcode) {
        case WebSocketFrames.TEXT -> onText(data, offset, length);
        case WebSocketFrames.PING -> write(WebSocketFrames.clientFrame(WebSocketFrames.PONG,
            Arrays.copyOfRange(data, offset, offset + length)), false);
        case WebSocketFrames.CLOSE -> {
          if (!closeSent) {
            closeSent = true;
            write(WebSocketFrames.closeFrame(NORMAL_CLOSURE), false);
          }
          end();
        }
        default -> { } // pongs and binary messages: the node sends neither on its own
      }
    }

    /** Queues a frame (see {@link Outbox}) and writes what the socket takes. */
    void write(ByteBuffer frame, boolean droppable) {
      if (ended) {
        return;
      }
      outbox.add(frame, droppable);
      try {
        writable();
      } catch (IOException e) {
        failed(e);
      }
    }

    @Override
    public void writable() throws IOException {
      for (ByteBuffer next = outbox.next(); next != null; next = outbox.next()) {
        channel.write(next);
        if (next.hasRemaining()) {
          key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
          return;
        }
        outbox.written();
      }
      if (key.isValid()) {
        key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
      }
    }

    /** A close asked for by the run: a close frame, then the server's answer or the timeout. */
    void close() {
      if (!open) {
        end();
        return;
      }
      if (!closeSent) {
        closeSent = true;
        write(WebSocketFrames.closeFrame(NORMAL_CLOSURE), false);
        runtime.schedule(CLOSE_TIMEOUT, () -> reactor.execute(this::end));
      }
    }

    @Override
    public void failed(Exception cause) {
      if (!firstHello.isDone()) {
        // Said here, before the close, so that a failed connect reports why (see Sockets.Opened).
        firstHello.completeExceptionally(cause);
      }
      end();
    }

    private void end() {
      if (ended) {
        return;
      }
      ended = true;
      open = false;
      key.cancel();
      try {
        channel.close();
      } catch (IOException e) {
        // Closing a socket we are done with: nothing left to lose.
      }
      if (attempt == this) {
        onClosed();
      }
    }
  }
}
