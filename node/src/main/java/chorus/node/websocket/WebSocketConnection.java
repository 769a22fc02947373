package chorus.node.websocket;

import chorus.persistence.pool.ReadPreference;
import chorus.protocol.api.AppError;
import chorus.protocol.api.Session;
import chorus.protocol.api.Status;
import chorus.protocol.cluster.ClusterEvent;
import chorus.protocol.ws.Broadcast;
import chorus.protocol.ws.EventType;
import chorus.protocol.ws.WebSocketReply;
import chorus.protocol.ws.WebSocketRequest;
import chorus.sharding.hub.WebSocketHub;
import chorus.sharding.sessions.SessionEntity;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;

/**
 * One WebSocket connection on this node. It authenticates the socket (upgrade credentials or
 * {@code authentication_challenge} within the deadline), answers client actions, and writes
 * events to the socket with a contiguous per-connection {@code seq} starting at 0 with
 * {@code hello}.
 *
 * <p>Writes go into a bounded queue of {@link #QUEUE_SIZE} frames: when it is half full,
 * ephemeral events (typing, status) are dropped; when it is full, the connection is closed at
 * once and the frames still queued are given up, because a client that cannot keep up must
 * reconnect and resync rather than stall its node.
 *
 * <p>State is lost when the socket closes: the client reconnects and gets a new connection
 * (resume across nodes arrives with the reliable-websocket work).
 */
public final class WebSocketConnection extends AbstractBehavior<WebSocketConnection.Command> {
  public static final int QUEUE_SIZE = 256;
  private static final int STASH_SIZE = 64;

  public sealed interface Command {}

  public record ClientFrame(String text) implements Command {}

  public record ClientGone() implements Command {}

  private record Deliver(ClusterEvent event) implements Command {}

  private record AuthDeadline() implements Command {}

  private record ChallengeAnswered(long seq, SessionEntity.ValidationResult result) implements Command {}

  private record ActionDone(WebSocketReply reply) implements Command {}

  private final WebSocketServices services;
  private final BoundedSourceQueue<Message> out;
  private final String connectionId;
  private final EventFrames frames;
  private final StashBuffer<Command> stash;
  private final TimerScheduler<Command> timers;
  private Session session;
  private boolean authenticating;
  private long nextSeq;

  public static Behavior<Command> create(WebSocketServices services, BoundedSourceQueue<Message> out, String connectionId,
      Optional<Session> upgradeSession) {
    return Behaviors.setup(context -> Behaviors.withStash(STASH_SIZE, stash -> Behaviors.withTimers(timers ->
        new WebSocketConnection(context, services, out, connectionId, stash, timers, upgradeSession))));
  }

  private WebSocketConnection(ActorContext<Command> context, WebSocketServices services, BoundedSourceQueue<Message> out,
      String connectionId, StashBuffer<Command> stash, TimerScheduler<Command> timers, Optional<Session> upgradeSession) {
    super(context);
    this.services = services;
    this.out = out;
    this.connectionId = connectionId;
    this.frames = new EventFrames(services.mapper());
    this.stash = stash;
    this.timers = timers;
    if (upgradeSession.isPresent()) {
      register(upgradeSession.get());
    } else {
      timers.startSingleTimer(new AuthDeadline(), services.authTimeout());
    }
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(ClientFrame.class, this::onClientFrame)
        .onMessage(ChallengeAnswered.class, this::onChallengeAnswered)
        .onMessage(ActionDone.class, this::onActionDone)
        .onMessage(Deliver.class, this::onDeliver)
        .onMessage(AuthDeadline.class, this::onAuthDeadline)
        .onMessage(ClientGone.class, this::onClientGone)
        .build();
  }

  private Behavior<Command> onClientFrame(ClientFrame frame) {
    if (authenticating) {
      // The client sends its first ping right behind the challenge: answer it once we know who it is.
      if (stash.isFull()) {
        return close();
      }
      stash.stash(frame);
      return this;
    }
    WebSocketRequest request;
    try {
      request = services.mapper().readValue(frame.text(), WebSocketRequest.class);
    } catch (Exception e) {
      return this;
    }
    if (request.action() == null || request.action().isEmpty()) {
      return reply(WebSocketReply.fail(request.seq(), error(400, "api.web_socket_router.no_action.app_error", "No websocket action.")));
    }
    if (request.seq() <= 0) {
      return reply(WebSocketReply.fail(request.seq(), error(400, "api.web_socket_router.bad_seq.app_error", "Invalid sequence for websocket message.")));
    }
    if ("authentication_challenge".equals(request.action())) {
      return onChallenge(request);
    }
    if (session == null) {
      return reply(WebSocketReply.fail(request.seq(), error(401, "api.web_socket_router.not_authenticated.app_error", "Not authenticated.")));
    }
    return onAction(request);
  }

  private Behavior<Command> onChallenge(WebSocketRequest request) {
    if (session != null) {
      return this; // already authenticated by the upgrade: Mattermost ignores the challenge silently
    }
    String token = text(request.data(), "token");
    if (token.isEmpty()) {
      return close();
    }
    authenticating = true;
    getContext().pipeToSelf(services.sessions().validate(token), (result, failure) ->
        new ChallengeAnswered(request.seq(), failure == null ? result : new SessionEntity.Unavailable(failure.getMessage())));
    return this;
  }

  private Behavior<Command> onChallengeAnswered(ChallengeAnswered answered) {
    authenticating = false;
    if (!(answered.result() instanceof SessionEntity.Valid valid)) {
      return close();
    }
    timers.cancel(new AuthDeadline());
    register(valid.session());
    reply(WebSocketReply.ok(answered.seq(), null));
    return stash.unstashAll(this);
  }

  /** Joins the node hub and the user's presence, then says hello (seq 0). */
  private void register(Session validated) {
    session = validated;
    services.hub().tell(new WebSocketHub.Register(session.userId(), connectionId,
        getContext().messageAdapter(ClusterEvent.class, Deliver::new)));
    services.presence().connectionOpened(session.userId(), connectionId);
    Map<String, Object> hello = new LinkedHashMap<>();
    hello.put("connection_id", connectionId);
    hello.put("server_version", services.version().versionId());
    hello.put("server_hostname", services.version().hostname());
    // A new queue has room; a socket that is already gone is noticed by the next write.
    offer(new ClusterEvent(EventType.HELLO, frames.render(hello), Broadcast.toUser(session.userId()), null));
  }

  private Behavior<Command> onAction(WebSocketRequest request) {
    switch (request.action()) {
      case "ping" -> {
        // Re-announcing is idempotent and restores the connection in a presence entity that moved nodes.
        services.presence().connectionOpened(session.userId(), connectionId);
        Map<String, Object> pong = new LinkedHashMap<>();
        pong.put("text", "pong");
        pong.put("version", services.version().versionId());
        pong.put("server_time", services.clock().millis());
        pong.put("node_id", "");
        return reply(WebSocketReply.ok(request.seq(), pong));
      }
      case "user_typing" -> {
        return whenDone(request.seq(), typing(text(request.data(), "channel_id"), text(request.data(), "parent_id")));
      }
      case "user_update_active_status" -> {
        if (request.data() != null && request.data().path("user_is_active").asBoolean(false)) {
          services.presence().recordActivity(session.userId());
        }
        return reply(WebSocketReply.ok(request.seq(), null));
      }
      case "get_statuses_by_ids" -> {
        List<String> ids = new ArrayList<>();
        if (request.data() != null) {
          request.data().path("user_ids").forEach(node -> ids.add(node.asText()));
        }
        return whenDone(request.seq(), services.statuses().getMany(ReadPreference.REPLICA, ids).thenApply(found -> {
          Map<String, String> byUser = new LinkedHashMap<>();
          for (Status status : found) {
            byUser.put(status.userId(), status.status());
          }
          return byUser;
        }));
      }
      case "presence", "posted_notify_ack" -> {
        return reply(WebSocketReply.ok(request.seq(), null));
      }
      default -> {
        return reply(WebSocketReply.fail(request.seq(), error(500, "api.web_socket_router.bad_action.app_error", "Unknown action.")));
      }
    }
  }

  /** Typing goes to the other members of the channel only, and only from a member who may post there. */
  private CompletionStage<Object> typing(String channelId, String parentId) {
    String userId = session.userId();
    return services.pool().read(ReadPreference.PRIMARY, dsl -> services.channels().findMember(dsl, channelId, userId).isPresent())
        .thenCompose(member -> {
          if (!member) {
            throw new IllegalArgumentException("not a member of the channel");
          }
          services.presence().recordActivity(userId);
          return services.events().toChannel(Broadcast.toChannelExcept(channelId, userId), EventType.TYPING,
              Map.of("parent_id", parentId, "user_id", userId));
        })
        .thenApply(done -> null);
  }

  private <T> Behavior<Command> whenDone(long seq, CompletionStage<T> work) {
    getContext().pipeToSelf(work, (data, failure) -> new ActionDone(failure == null
        ? WebSocketReply.ok(seq, data)
        : WebSocketReply.fail(seq, error(400, "api.websocket_handler.invalid_param.app_error", "Invalid parameter."))));
    return this;
  }

  private Behavior<Command> onActionDone(ActionDone done) {
    return reply(done.reply());
  }

  private Behavior<Command> onDeliver(Deliver deliver) {
    return afterOffer(offer(deliver.event()));
  }

  private Behavior<Command> onAuthDeadline(AuthDeadline deadline) {
    return session == null ? close() : this;
  }

  private Behavior<Command> onClientGone(ClientGone gone) {
    return stopped();
  }

  /**
   * Writes an event with the next seq. While the queue is half full an ephemeral event is
   * skipped without using a seq, and that counts as written.
   */
  private QueueOfferResult offer(ClusterEvent event) {
    if (EventType.isDroppable(event.event()) && out.size() >= QUEUE_SIZE / 2) {
      return QueueOfferResult.enqueued();
    }
    QueueOfferResult result = out.offer(TextMessage.create(frames.render(event, nextSeq)));
    if (result == QueueOfferResult.enqueued()) {
      nextSeq++;
    }
    return result;
  }

  private Behavior<Command> reply(WebSocketReply reply) {
    return afterOffer(out.offer(TextMessage.create(frames.render(reply))));
  }

  /**
   * A full queue means the client stopped reading. Completing the queue would still write
   * everything it holds first, leaving the socket open for as long as the client stalls, so
   * it is failed instead, which drops those frames and closes now. Any other refusal means the
   * socket has already gone and there is nothing left to close.
   */
  private Behavior<Command> afterOffer(QueueOfferResult result) {
    if (result == QueueOfferResult.enqueued()) {
      return this;
    }
    if (result == QueueOfferResult.dropped()) {
      out.fail(new ClientTooSlow());
    }
    return stopped();
  }

  /** Ends the socket after what is already queued (a reply, say) has been written. */
  private Behavior<Command> close() {
    try {
      out.complete();
    } catch (IllegalStateException alreadyEnded) {
      // The client closed first: the queue has ended already and refuses to complete.
    }
    return stopped();
  }

  private Behavior<Command> stopped() {
    if (session != null) {
      services.hub().tell(new WebSocketHub.Unregister(connectionId));
      services.presence().connectionClosed(session.userId(), connectionId);
    }
    return Behaviors.stopped();
  }

  /** Why a connection whose client fell behind was ended. */
  static final class ClientTooSlow extends RuntimeException {
    ClientTooSlow() {
      super("the client did not read its " + QUEUE_SIZE + "-frame queue in time", null, false, false);
    }
  }

  private static AppError error(int status, String id, String message) {
    return new AppError(id, message, "", "", status);
  }

  private static String text(JsonNode data, String field) {
    return data == null ? "" : data.path(field).asText("");
  }
}
