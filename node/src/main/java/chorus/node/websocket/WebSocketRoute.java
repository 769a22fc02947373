package chorus.node.websocket;

import chorus.node.http.SessionToken;
import chorus.protocol.api.Session;
import chorus.protocol.ids.Ids;
import chorus.sharding.sessions.SessionEntity;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * {@code /api/v4/websocket}: upgrades the request and wires the socket to a new
 * {@link WebSocketConnection} actor. Credentials on the upgrade (cookie or Authorization
 * header) authenticate at once; otherwise the client has a few seconds to send an
 * {@code authentication_challenge}.
 */
public final class WebSocketRoute extends AllDirectives {
  private static final long FRAME_READ_TIMEOUT_MS = 10_000;

  private final ActorSystem<?> system;
  private final WebSocketServices services;
  private final Ids ids;

  public WebSocketRoute(ActorSystem<?> system, WebSocketServices services, Ids ids) {
    this.system = system;
    this.services = services;
    this.ids = ids;
  }

  public Route routes() {
    return pathPrefix("websocket", () -> pathEndOrSingleSlash(() -> get(() -> extractRequest(request ->
        onSuccess(upgradeSession(SessionToken.find(request)), session ->
            handleWebSocketMessages(connect(session)))))));
  }

  private CompletionStage<Optional<Session>> upgradeSession(Optional<SessionToken> token) {
    if (token.isEmpty()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    // An invalid token on the upgrade is not fatal: the client may still send a valid challenge.
    return services.sessions().validate(token.get().token()).handle((result, failure) ->
        result instanceof SessionEntity.Valid valid ? Optional.of(valid.session()) : Optional.empty());
  }

  private Flow<Message, Message, NotUsed> connect(Optional<Session> session) {
    Materializer materializer = Materializer.matFromSystem(system);
    Pair<BoundedSourceQueue<Message>, Source<Message, NotUsed>> outgoing =
        Source.<Message>queue(WebSocketConnection.QUEUE_SIZE).preMaterialize(materializer);
    String connectionId = ids.next();
    ActorRef<WebSocketConnection.Command> connection = system.systemActorOf(
        WebSocketConnection.create(services, outgoing.first(), connectionId, session), "ws-" + connectionId, Props.empty());
    Sink<Message, NotUsed> incoming = Flow.<Message>create()
        .mapAsync(1, message -> message.isText()
            ? message.asTextMessage().toStrict(FRAME_READ_TIMEOUT_MS, materializer).thenApply(t -> Optional.of(t.getStrictText()))
            // Binary (msgpack) frames are not supported; drain them so the socket keeps flowing.
            : message.asBinaryMessage().getStreamedData().runWith(Sink.ignore(), materializer).thenApply(done -> Optional.<String>empty()))
        .to(Sink.<Optional<String>>foreach(text -> text.ifPresent(t -> connection.tell(new WebSocketConnection.ClientFrame(t))))
            .mapMaterializedValue(done -> {
              done.whenComplete((ok, failure) -> connection.tell(new WebSocketConnection.ClientGone()));
              return NotUsed.getInstance();
            }));
    return Flow.fromSinkAndSourceCoupled(incoming, outgoing.second());
  }
}
