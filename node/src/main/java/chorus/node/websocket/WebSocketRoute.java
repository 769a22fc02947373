package chorus.node.websocket;

import chorus.management.readiness.Readiness;
import chorus.node.http.ApiException;
import chorus.node.http.SessionToken;
import chorus.node.metrics.NodeMetrics;
import chorus.protocol.api.Session;
import chorus.protocol.ids.Ids;
import chorus.sharding.sessions.SessionCheck;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.StreamLimitReachedException;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * {@code /api/v4/websocket}: upgrades the request and wires the socket to a new connection
 * actor ({@link ConnectionOpening}, then {@link WebSocketConnection}). Credentials on the
 * upgrade (cookie or Authorization header) authenticate at once; otherwise the client has a few seconds to send an
 * {@code authentication_challenge}. {@code connection_id} and {@code sequence_number} ask to
 * resume a connection (reference C.1, E.2): a malformed id, or an id without a sequence
 * number, is a 400, as Mattermost refuses them. A node that is not ready (starting, or
 * draining before it stops) answers 503, which proxies retry on another node.
 */
public final class WebSocketRoute extends AllDirectives {
  private static final Duration FRAME_READ_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(5);

  private final ActorSystem<?> system;
  private final WebSocketServices services;
  private final ActorRef<Connections.Command> connections;
  private final Readiness readiness;

  public WebSocketRoute(ActorSystem<?> system, WebSocketServices services, ActorRef<Connections.Command> connections,
      Readiness readiness) {
    this.system = system;
    this.services = services;
    this.connections = connections;
    this.readiness = readiness;
  }

  public Route routes() {
    return pathPrefix("websocket", () -> pathEndOrSingleSlash(() -> get(() ->
        parameterOptional("connection_id", connectionId -> parameterOptional("sequence_number", sequence -> {
          if (!readiness.isReady()) {
            throw ApiException.unavailable(readiness.isDraining() ? "this node is shutting down" : "this node is starting");
          }
          Optional<String> resume = connectionId.filter(id -> !id.isEmpty());
          if (resume.isPresent() && !Ids.isValid(resume.get())) {
            throw ApiException.invalidUrlParam("connection_id");
          }
          long sequenceNumber = parseSequence(sequence, resume.isPresent());
          return extractRequest(request -> onSuccess(upgradeSession(SessionToken.find(request)), session ->
              onSuccess(open(resume, sequenceNumber, session), this::handleWebSocketMessages)));
        })))));
  }

  private static long parseSequence(Optional<String> sequence, boolean required) {
    if (sequence.isEmpty() || sequence.get().isEmpty()) {
      if (required) {
        throw ApiException.invalidUrlParam("sequence_number");
      }
      return 0;
    }
    try {
      long value = Long.parseLong(sequence.get());
      if (value < 0) {
        throw ApiException.invalidUrlParam("sequence_number");
      }
      return value;
    } catch (NumberFormatException e) {
      throw ApiException.invalidUrlParam("sequence_number");
    }
  }

  private CompletionStage<Optional<Session>> upgradeSession(Optional<SessionToken> token) {
    if (token.isEmpty()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    // An invalid token on the upgrade is not fatal: the client may still send a valid challenge.
    return services.sessions().validate(token.get().token()).handle((result, failure) ->
        result instanceof SessionCheck.Valid valid ? Optional.of(valid.session()) : Optional.empty());
  }

  private CompletionStage<Flow<Message, Message, NotUsed>> open(Optional<String> resume, long sequenceNumber,
      Optional<Session> session) {
    Materializer materializer = Materializer.matFromSystem(system);
    ConnectionSocket socket = new ConnectionSocket(services.metrics());
    ConnectionSetup setup = new ConnectionSetup(Optional.of(socket), resume, sequenceNumber, session, Optional.empty(), connections);
    return AskPattern.<Connections.Command, ActorRef<ConnectionMessage>>ask(connections,
            replyTo -> new Connections.Open(setup, replyTo), OPEN_TIMEOUT, system.scheduler())
        .thenApply(connection -> {
          services.metrics().webSocketOpened();
          Source<Message, NotUsed> outgoing = Source.<Message>queue(ConnectionSocket.SIZE).mapMaterializedValue(queue -> {
            socket.attach(queue);
            return NotUsed.getInstance();
          });
          return Flow.fromSinkAndSourceCoupled(incoming(connection, materializer, services.metrics()), outgoing);
        });
  }

  /**
   * A client message larger than this ends the socket, checked as it streams in so no more of
   * it is held. Mattermost's {@code model.SocketMaxMessageSizeKb} (8 * 1024 bytes, despite the
   * name), the read limit {@code web_conn.go} sets on every client socket. Mattermost's socket
   * then closes with 1009; Pekko HTTP's public API cannot choose the close code, so the failed
   * stream closes it with 1011 (and Pekko logs one ERROR line).
   */
  static final long MAX_CLIENT_MESSAGE_BYTES = 8 * 1024;

  private static Sink<Message, NotUsed> incoming(ActorRef<ConnectionMessage> connection, Materializer materializer,
      NodeMetrics metrics) {
    return Flow.<Message>create()
        .mapAsync(1, message -> read(message, materializer))
        .to(Sink.<Optional<String>>foreach(text -> text.ifPresent(t -> connection.tell(new ConnectionMessage.ClientFrame(t))))
            .mapMaterializedValue(done -> {
              done.whenComplete((ok, failure) -> {
                metrics.webSocketClosed();
                connection.tell(new ConnectionMessage.SocketClosed(failure == null));
              });
              return NotUsed.getInstance();
            }));
  }

  /** A client frame's text, or nothing for a binary frame. */
  private static CompletionStage<Optional<String>> read(Message message, Materializer materializer) {
    if (!message.isText()) {
      // Binary (msgpack) frames are not supported; drain them so the socket keeps flowing.
      return message.asBinaryMessage().getStreamedData()
          .limitWeighted(MAX_CLIENT_MESSAGE_BYTES, bytes -> (long) bytes.size())
          .completionTimeout(FRAME_READ_TIMEOUT)
          .runWith(Sink.ignore(), materializer).thenApply(done -> Optional.empty());
    }
    TextMessage text = message.asTextMessage();
    if (text.isStrict()) {
      // Nearly every client frame arrives whole: reading it needs no stream of its own.
      return utf8Length(text.getStrictText()) > MAX_CLIENT_MESSAGE_BYTES
          ? CompletableFuture.failedFuture(new StreamLimitReachedException(MAX_CLIENT_MESSAGE_BYTES))
          : CompletableFuture.completedFuture(Optional.of(text.getStrictText()));
    }
    return text.getStreamedText()
        .limitWeighted(MAX_CLIENT_MESSAGE_BYTES, WebSocketRoute::utf8Length)
        .completionTimeout(FRAME_READ_TIMEOUT)
        .runFold(new StringBuilder(), StringBuilder::append, materializer)
        .thenApply(built -> Optional.of(built.toString()));
  }

  /** The UTF-8 size of a chunk of text, without encoding it: the limit is in bytes, as Mattermost's is. */
  static long utf8Length(String text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      // A surrogate is half of a 4-byte character.
      bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
    }
    return bytes;
  }
}
