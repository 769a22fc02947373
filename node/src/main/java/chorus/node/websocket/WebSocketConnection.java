package chorus.node.websocket;

import chorus.node.websocket.ConnectionMessage.ClientFrame;
import chorus.node.websocket.ConnectionMessage.FromHub;
import chorus.node.websocket.ConnectionMessage.Relocated;
import chorus.node.websocket.ConnectionMessage.ReplyReady;
import chorus.node.websocket.ConnectionMessage.SocketClosed;
import chorus.node.websocket.ConnectionMessage.Timer;
import chorus.protocol.api.Session;
import chorus.protocol.cluster.ClusterEvent;
import chorus.protocol.cluster.ConnectionState;
import chorus.protocol.cluster.ConnectionState.SentFrame;
import chorus.protocol.ws.Broadcast;
import chorus.protocol.ws.EventType;
import chorus.protocol.ws.WebSocketReply;
import chorus.protocol.ws.WebSocketRequest;
import chorus.sharding.connections.ClaimReply;
import chorus.sharding.connections.ConnectionCommand;
import chorus.sharding.connections.ConnectionLog;
import chorus.sharding.events.ChannelSequencer;
import chorus.sharding.hub.WebSocketHub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * One open WebSocket connection id on this node (after {@link ConnectionOpening}): at most
 * one socket, and the {@link ConnectionLog} of what it was sent, which outlives the socket
 * for the resume window.
 *
 * <p>Events from the hub go through the log (order per channel, no repeats, gaps read from
 * the database via the hub) and out to the socket. A socket that closes leaves the
 * connection resumable: events keep queueing until the client returns (a new actor claims
 * this one), the queue overflows, or the window ends. A client that stops reading is
 * disconnected, resumably. The user stays online for a short grace after an abrupt close, so
 * a quick reconnect does not flicker them offline.
 *
 * <p>When claimed, or handed off as its node stops, the actor becomes a
 * {@link ConnectionForwarder} to the new holder. Its presence registration moves with the
 * connection; only a connection that ends (window over, revoked, lost) closes it.
 */
final class WebSocketConnection extends AbstractBehavior<ConnectionMessage> {
  private static final Duration GAP_CHECK = Duration.ofMillis(250);
  /** How long a gap waits for the missing event before it is read from the database. */
  static final long REPAIR_AFTER_MS = GAP_CHECK.toMillis();

  private final WebSocketServices services;
  private final TimerScheduler<ConnectionMessage> timers;
  private final ActorRef<ConnectionCommand> self;
  private final ActorRef<Connections.Command> connections;
  private final EventFrames frames;
  private final ClientActions actions;
  private final Session session;
  private final ConnectionLog log;
  private ConnectionSocket socket;
  private boolean presenceOpen;
  /**
   * Set while another node is being asked to adopt this connection: the state went out with
   * the request, so nothing more may be sent to the socket (the client would hold seqs the
   * adopter never gave out); events wait here and go to the adopter.
   */
  private List<ConnectionCommand.Deliver> whileHandingOff;

  WebSocketConnection(ActorContext<ConnectionMessage> ctx, TimerScheduler<ConnectionMessage> timers,
      WebSocketServices services, ActorRef<ConnectionCommand> self, ActorRef<Connections.Command> connections,
      ConnectionSocket socket, Session session, ConnectionLog log) {
    super(ctx);
    this.services = services;
    this.timers = timers;
    this.self = self;
    this.connections = connections;
    this.frames = new EventFrames(services.mapper());
    this.actions = new ClientActions(services);
    this.socket = socket;
    this.session = session;
    this.log = log;
  }

  /** A new connection: registers with the hub and says hello, then handles what waited. */
  Behavior<ConnectionMessage> start(List<ClusterEvent> waited, List<ClientFrame> stashed, long challengeSeq) {
    services.hub().tell(new WebSocketHub.Register(session.userId(), log.connectionId(), session.id(), self));
    openPresence();
    Map<String, Object> hello = new LinkedHashMap<>();
    hello.put("connection_id", log.connectionId());
    hello.put("server_version", services.version().versionId());
    hello.put("server_hostname", services.version().hostname());
    send(log.accept(ClusterEvent.unpositioned(services.ids().next(), EventType.HELLO, frames.render(hello),
        Broadcast.toUser(session.userId()), null), now()));
    return afterOpen(waited, stashed, challengeSeq);
  }

  /** A resumed connection (registered by its claim already): the frames the client missed, no hello. */
  Behavior<ConnectionMessage> resume(List<SentFrame> replay, List<ClusterEvent> waited, List<ClientFrame> stashed,
      long challengeSeq) {
    openPresence();
    send(replay);
    return afterOpen(waited, stashed, challengeSeq);
  }

  /** A state another node handed over as it stopped: queue for the client until it claims it. */
  static Behavior<ConnectionMessage> adopted(ActorContext<ConnectionMessage> ctx, TimerScheduler<ConnectionMessage> timers,
      WebSocketServices services, ActorRef<ConnectionCommand> self, ActorRef<Connections.Command> connections,
      Connections.Adopt adoption) {
    ConnectionState state = adoption.state();
    EventFrames frames = new EventFrames(services.mapper());
    ConnectionLog log = ConnectionLog.restored(state, frames::render, REPAIR_AFTER_MS);
    Session session = new Session(state.sessionId(), "", 0, 0, 0, state.userId(), "", "", "");
    WebSocketConnection connection = new WebSocketConnection(ctx, timers, services, self, connections, null, session, log);
    services.hub().tell(new WebSocketHub.Register(state.userId(), state.connectionId(), state.sessionId(), self));
    connection.openPresence();
    connection.detached(false);
    adoption.replyTo().tell(new Connections.Adopted(self));
    return connection;
  }

  /** After the hello (or the replay): the events that waited, the challenge's OK, the stashed frames. */
  private Behavior<ConnectionMessage> afterOpen(List<ClusterEvent> waited, List<ClientFrame> stashed, long challengeSeq) {
    waited.forEach(event -> send(log.accept(event, now())));
    if (challengeSeq > 0) {
      reply(WebSocketReply.ok(challengeSeq, null));
    }
    stashed.forEach(this::onClientFrame);
    return lostOrThis();
  }

  @Override
  public Receive<ConnectionMessage> createReceive() {
    return newReceiveBuilder()
        .onMessage(ClientFrame.class, this::onClientFrame)
        .onMessage(ReplyReady.class, msg -> reply(msg.reply()))
        .onMessage(FromHub.class, this::onFromHub)
        .onMessage(Relocated.class, this::onRelocated)
        .onMessage(SocketClosed.class, closed -> {
          detached(closed.clean());
          return this;
        })
        .onMessageEquals(Timer.PRESENCE_GRACE, () -> {
          closePresence();
          return this;
        })
        .onMessageEquals(Timer.RESUME_WINDOW, this::end)
        .onMessageEquals(Timer.GAPS, this::onGapTick)
        .onMessageEquals(Timer.HANDOFF_DEADLINE, () -> {
          // Nobody adopted it in time: close the socket anyway, the client starts over elsewhere.
          closeSocket();
          return end();
        })
        .build();
  }

  private Behavior<ConnectionMessage> onClientFrame(ClientFrame frame) {
    Optional<WebSocketRequest> parsed = ClientRequests.parse(services.mapper(), frame.text());
    if (parsed.isEmpty()) {
      return this;
    }
    WebSocketRequest request = parsed.get();
    Optional<WebSocketReply> malformed = ClientRequests.malformed(request);
    if (malformed.isPresent()) {
      return reply(malformed.get());
    }
    if (ClientRequests.CHALLENGE.equals(request.action())) {
      return this; // already authenticated: Mattermost ignores a second challenge silently
    }
    getContext().pipeToSelf(actions.handle(request, session.userId(), log.connectionId()), (reply, failure) ->
        new ReplyReady(failure == null ? reply : ClientRequests.failed(request.seq())));
    return this;
  }

  private Behavior<ConnectionMessage> onFromHub(FromHub msg) {
    ConnectionCommand command = msg.command();
    if (command instanceof ConnectionCommand.Deliver deliver && whileHandingOff != null) {
      whileHandingOff.add(deliver);
      return this;
    }
    if (command instanceof ConnectionCommand.Deliver deliver) {
      if (EventType.isDroppable(deliver.event().event()) && (socket == null || socket.queued() >= ConnectionSocket.SIZE / 2)) {
        // A moment that is over (typing, status) is not worth a slot a post may need, nor a replay.
        return this;
      }
      send(log.accept(deliver.event(), now()));
      return lostOrThis();
    }
    if (command instanceof ConnectionCommand.Backfilled backfilled) {
      if (whileHandingOff != null) {
        return this; // the adopter finds the same gap after the positions it was given, and repairs it
      }
      if (backfilled.failed()) {
        log.repairFailed(backfilled.channelId(), now());
      } else {
        send(log.repaired(backfilled.channelId(), backfilled.events(), backfilled.coveredBelow(), backfilled.complete(), now()));
      }
      return lostOrThis();
    }
    if (command instanceof ConnectionCommand.Surrender surrender) {
      // A newer socket took the id over: give it the state, close this socket, pass on what follows.
      surrender.replyTo().tell(new ClaimReply.Claimed(log.export(Optional.of(surrender.sequenceNumber()))));
      return movedTo(surrender.claimant());
    }
    if (command instanceof ConnectionCommand.Revoke) {
      return end();
    }
    if (command instanceof ConnectionCommand.HandOff && whileHandingOff == null) {
      // The node is stopping: another node adopts the connection, then this socket closes.
      whileHandingOff = new ArrayList<>();
      connections.tell(new Connections.Relocate(log.export(Optional.empty()),
          getContext().messageAdapter(Connections.Relocation.class, Relocated::new)));
      timers.startSingleTimer(Timer.HANDOFF_DEADLINE, services.timings().handOffTimeout());
    }
    return this;
  }

  private Behavior<ConnectionMessage> onRelocated(Relocated msg) {
    timers.cancel(Timer.HANDOFF_DEADLINE);
    if (!(msg.result() instanceof Connections.Adopted adopted)) {
      if (msg.result() instanceof Connections.NotAdopted notAdopted && notAdopted.reason().equals(Connections.NO_OTHER_NODE)) {
        getContext().getLog().debug("WebSocket connection {} could not be handed off ({})", log.connectionId(), msg.result());
      } else {
        getContext().getLog().warn("WebSocket connection {} could not be handed off ({}); its client starts over",
            log.connectionId(), msg.result());
      }
      return end();
    }
    services.hub().tell(new WebSocketHub.Moved(log.connectionId(), self, adopted.holder()));
    whileHandingOff.forEach(adopted.holder()::tell);
    // The client reconnects after the close (Mattermost's client waits about 3 s) and claims it there.
    return movedTo(adopted.holder());
  }

  private Behavior<ConnectionMessage> movedTo(ActorRef<ConnectionCommand> holder) {
    closeSocket();
    timers.cancelAll();
    return ConnectionForwarder.create(holder, services.timings().forwardFor());
  }

  /** Hands frames to the socket in seq order; a full socket means a client that stopped reading. */
  private void send(List<SentFrame> due) {
    for (SentFrame frame : due) {
      if (socket == null) {
        break;
      }
      ConnectionSocket.Offer offer = socket.offer(frame.frame());
      if (offer != ConnectionSocket.Offer.QUEUED) {
        // A client that stopped reading is gone for now: offline at once (as Mattermost drops
        // it), still resumable. A socket that vanished under us gets the grace instead.
        boolean tooSlow = offer == ConnectionSocket.Offer.FULL;
        if (tooSlow) {
          socket.abort(new ClientTooSlow());
        }
        detached(tooSlow);
        break;
      }
      log.handedOut(frame.seq() + 1, socket.queued());
    }
    armGapCheck();
  }

  private Behavior<ConnectionMessage> reply(WebSocketReply reply) {
    if (socket != null && socket.offer(frames.render(reply)) == ConnectionSocket.Offer.FULL) {
      socket.abort(new ClientTooSlow());
      detached(true);
    }
    return lostOrThis();
  }

  private void armGapCheck() {
    if (log.hasGaps() && !timers.isTimerActive(Timer.GAPS)) {
      timers.startSingleTimer(Timer.GAPS, GAP_CHECK);
    }
  }

  private Behavior<ConnectionMessage> onGapTick() {
    for (ChannelSequencer.Gap gap : log.gapsDue(now())) {
      services.hub().tell(new WebSocketHub.Backfill(gap.channelId(), gap.after(), gap.before(), self));
    }
    armGapCheck();
    return this;
  }

  /** More frames waited than a resume could replay: the connection cannot be resumed, so it ends. */
  private Behavior<ConnectionMessage> lostOrThis() {
    if (log.lost()) {
      getContext().getLog().info("WebSocket connection {} of user {} fell {} frames behind and was dropped",
          log.connectionId(), log.userId(), ConnectionLog.QUEUE_SIZE);
      return end();
    }
    return this;
  }

  /**
   * No socket any more. A client that closed on purpose, or stopped reading, goes offline now
   * (as in Mattermost); one whose socket broke off stays online for a short grace. Either way
   * the connection stays resumable for the window.
   */
  private void detached(boolean clean) {
    socket = null;
    if (clean) {
      closePresence();
    } else if (presenceOpen) {
      timers.startSingleTimer(Timer.PRESENCE_GRACE, services.timings().presenceGrace());
    }
    if (!timers.isTimerActive(Timer.RESUME_WINDOW)) {
      timers.startSingleTimer(Timer.RESUME_WINDOW, services.timings().resumeWindow());
    }
  }

  private void openPresence() {
    presenceOpen = true;
    services.presence().connectionOpened(log.userId(), log.connectionId());
  }

  private void closePresence() {
    if (presenceOpen) {
      presenceOpen = false;
      services.presence().connectionClosed(log.userId(), log.connectionId());
      services.hub().tell(new WebSocketHub.SetPresent(log.connectionId(), self, false));
    }
  }

  private void closeSocket() {
    if (socket != null) {
      socket.closeAfterQueued();
      socket = null;
    }
  }

  /** The connection is over: nothing will resume it. */
  private Behavior<ConnectionMessage> end() {
    closeSocket();
    closePresence();
    services.hub().tell(new WebSocketHub.Unregister(log.connectionId(), self));
    return Behaviors.stopped();
  }

  private long now() {
    return services.clock().millis();
  }
}
