package chorus.node.websocket;

import chorus.node.websocket.ConnectionMessage.Challenged;
import chorus.node.websocket.ConnectionMessage.ClaimAnswer;
import chorus.node.websocket.ConnectionMessage.ClaimPlanned;
import chorus.node.websocket.ConnectionMessage.ClientFrame;
import chorus.node.websocket.ConnectionMessage.FromHub;
import chorus.node.websocket.ConnectionMessage.SocketClosed;
import chorus.node.websocket.ConnectionMessage.Timer;
import chorus.protocol.api.Session;
import chorus.protocol.cluster.ClusterEvent;
import chorus.protocol.cluster.ConnectionState;
import chorus.protocol.cluster.ConnectionState.SentFrame;
import chorus.protocol.ws.EventType;
import chorus.protocol.ws.WebSocketRequest;
import chorus.sharding.connections.ClaimReply;
import chorus.sharding.connections.ClaimRound;
import chorus.sharding.connections.ConnectionCommand;
import chorus.sharding.connections.ConnectionLog;
import chorus.sharding.hub.WebSocketHub;
import chorus.sharding.sessions.SessionCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * A connection actor before its connection is open: the socket authenticates (upgrade
 * credentials, or {@code authentication_challenge} within the deadline) and, if its URL
 * carried a {@code connection_id}, claims that connection through the hub, on this node or
 * any other ({@link WebSocketHub.StartClaim}).
 *
 * <p>When the holder hands over a state of this user that still has every frame from the
 * client's {@code sequence_number}, the connection opens resumed: those frames again with
 * their original seq, and no hello (Mattermost's resume, reference E.2, here also when the
 * token came by challenge). Otherwise it opens as a new connection with a new id and a
 * {@code hello} at seq 0, which tells the client to refetch. Frames the client sends
 * meanwhile, and events that reach the claimed id, wait (bounded) for the open connection.
 */
final class ConnectionOpening extends AbstractBehavior<ConnectionMessage> {
  private static final int STASH_SIZE = 64;
  private static final int HELD_WHILE_CLAIMING = ConnectionLog.QUEUE_SIZE;

  private final WebSocketServices services;
  private final TimerScheduler<ConnectionMessage> timers;
  private final ConnectionSetup setup;
  private final ActorRef<ConnectionCommand> self;
  private final EventFrames frames;
  private final List<ClientFrame> stashed = new ArrayList<>();
  private final List<ClusterEvent> held = new ArrayList<>();
  private ConnectionSocket socket;
  private Session session;
  private ClaimRound claim;
  private long challengeSeq;
  private boolean authenticating;

  static Behavior<ConnectionMessage> create(WebSocketServices services, ConnectionSetup setup) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      ActorRef<ConnectionCommand> self = ctx.messageAdapter(ConnectionCommand.class, FromHub::new);
      if (setup.adopted().isPresent()) {
        return WebSocketConnection.adopted(ctx, timers, services, self, setup.connections(), setup.adopted().get());
      }
      ConnectionOpening opening = new ConnectionOpening(ctx, timers, services, setup, self);
      if (setup.upgradeSession().isPresent()) {
        return opening.authenticated(setup.upgradeSession().get());
      }
      timers.startSingleTimer(Timer.AUTH_DEADLINE, services.timings().authTimeout());
      return opening;
    }));
  }

  private ConnectionOpening(ActorContext<ConnectionMessage> ctx, TimerScheduler<ConnectionMessage> timers,
      WebSocketServices services, ConnectionSetup setup, ActorRef<ConnectionCommand> self) {
    super(ctx);
    this.services = services;
    this.timers = timers;
    this.setup = setup;
    this.self = self;
    this.frames = new EventFrames(services.mapper());
    this.socket = setup.socket().orElse(null);
  }

  @Override
  public Receive<ConnectionMessage> createReceive() {
    return newReceiveBuilder()
        .onMessage(ClientFrame.class, this::onClientFrame)
        .onMessage(Challenged.class, this::onChallenged)
        .onMessage(ClaimAnswer.class, msg -> claimed(round -> round.answer(msg.reply())))
        .onMessage(ClaimPlanned.class, msg -> claimed(round -> round.planned(msg.plan().answers())))
        .onMessage(FromHub.class, this::onFromHub)
        .onMessage(SocketClosed.class, msg -> end())
        .onMessageEquals(Timer.AUTH_DEADLINE, () -> session == null ? end() : this)
        .onMessageEquals(Timer.CLAIM_DEADLINE, () -> claim == null ? this : finishClaim())
        .build();
  }

  private Behavior<ConnectionMessage> onClientFrame(ClientFrame frame) {
    if (authenticating || claim != null) {
      // The client sends its first ping right behind the challenge: answer it once we know who it is.
      if (stashed.size() >= STASH_SIZE) {
        return end();
      }
      stashed.add(frame);
      return this;
    }
    Optional<WebSocketRequest> parsed = ClientRequests.parse(services.mapper(), frame.text());
    if (parsed.isEmpty()) {
      return this;
    }
    WebSocketRequest request = parsed.get();
    Optional<String> malformed = ClientRequests.malformed(request).map(frames::render);
    if (malformed.isPresent()) {
      return answer(malformed.get());
    }
    if (!ClientRequests.CHALLENGE.equals(request.action())) {
      return answer(frames.render(ClientRequests.notAuthenticated(request.seq())));
    }
    String token = ClientActions.text(request.data(), "token");
    if (token.isEmpty()) {
      return end();
    }
    authenticating = true;
    getContext().pipeToSelf(services.sessions().validate(token), (result, failure) ->
        new Challenged(request.seq(), failure == null ? result : new SessionCheck.Unavailable(failure.getMessage())));
    return this;
  }

  private Behavior<ConnectionMessage> answer(String frame) {
    if (socket != null && socket.offer(frame) == ConnectionSocket.Offer.FULL) {
      return end();
    }
    return this;
  }

  private Behavior<ConnectionMessage> onChallenged(Challenged answered) {
    authenticating = false;
    if (!(answered.result() instanceof SessionCheck.Valid valid)) {
      return end();
    }
    timers.cancel(Timer.AUTH_DEADLINE);
    challengeSeq = answered.seq();
    return authenticated(valid.session());
  }

  /** Claims the connection the URL named, or opens a new one. */
  private Behavior<ConnectionMessage> authenticated(Session validated) {
    session = validated;
    if (setup.resumeId().isEmpty()) {
      services.metrics().reconnect("new");
      return openFresh();
    }
    claim = new ClaimRound();
    services.hub().tell(new WebSocketHub.StartClaim(setup.resumeId().get(), session.userId(), session.id(),
        setup.sequenceNumber(), self,
        getContext().messageAdapter(ClaimReply.class, ClaimAnswer::new),
        getContext().messageAdapter(WebSocketHub.ClaimPlan.class, ClaimPlanned::new)));
    timers.startSingleTimer(Timer.CLAIM_DEADLINE, services.timings().claimTimeout());
    return this;
  }

  private Behavior<ConnectionMessage> claimed(Consumer<ClaimRound> step) {
    if (claim == null) {
      return this;
    }
    step.accept(claim);
    return claim.done() ? finishClaim() : this;
  }

  /**
   * The claim is over. A state that belongs to this user and still holds every frame from
   * the client's sequence number is resumed without a hello; anything else starts over.
   */
  private Behavior<ConnectionMessage> finishClaim() {
    timers.cancel(Timer.CLAIM_DEADLINE);
    Optional<ConnectionState> found = claim.result().filter(s -> s.userId().equals(session.userId()) && s.nextSeq() >= 0);
    claim = null;
    if (found.isPresent()) {
      ConnectionLog restored = ConnectionLog.restored(found.get(), frames::render, WebSocketConnection.REPAIR_AFTER_MS);
      Optional<List<SentFrame>> replay = restored.from(setup.sequenceNumber());
      if (replay.isPresent()) {
        restored.resumed();
        services.metrics().reconnect("resume");
        return open(restored).resume(replay.get(), held, stashed, challengeSeq);
      }
    }
    getContext().getLog().info("WebSocket connection {} of user {} not resumed from seq {} ({}): it starts over",
        setup.resumeId().get(), session.userId(), setup.sequenceNumber(),
        found.map(s -> "its state no longer holds that seq").orElse("no node holds it"));
    services.metrics().reconnect("fallback");
    // The claimant was registered under the old id; the new connection takes a new id.
    services.hub().tell(new WebSocketHub.Unregister(setup.resumeId().get(), self));
    return openFresh();
  }

  private Behavior<ConnectionMessage> openFresh() {
    ConnectionLog fresh = ConnectionLog.fresh(services.ids().next(), session.userId(), session.id(), frames::render,
        WebSocketConnection.REPAIR_AFTER_MS);
    return open(fresh).start(held, stashed, challengeSeq);
  }

  private WebSocketConnection open(ConnectionLog log) {
    return new WebSocketConnection(getContext(), timers, services, self, setup.connections(), socket, session, log);
  }

  private Behavior<ConnectionMessage> onFromHub(FromHub msg) {
    ConnectionCommand command = msg.command();
    if (command instanceof ConnectionCommand.Deliver deliver) {
      // Only a claim registers this actor: hold what reaches the claimed id for the open connection.
      if (claim != null && held.size() < HELD_WHILE_CLAIMING && !EventType.isDroppable(deliver.event().event())) {
        held.add(deliver.event());
      }
      return this;
    }
    if (command instanceof ConnectionCommand.Surrender) {
      // Still opening: there is no state to give; the newer socket wins.
      closeSocket();
      return Behaviors.stopped();
    }
    if (command instanceof ConnectionCommand.Revoke || command instanceof ConnectionCommand.HandOff) {
      return end();
    }
    return this;
  }

  private void closeSocket() {
    if (socket != null) {
      socket.closeAfterQueued();
      socket = null;
    }
  }

  /** Never opened: nothing to keep. */
  private Behavior<ConnectionMessage> end() {
    closeSocket();
    setup.resumeId().ifPresent(id -> services.hub().tell(new WebSocketHub.Unregister(id, self)));
    return Behaviors.stopped();
  }
}
