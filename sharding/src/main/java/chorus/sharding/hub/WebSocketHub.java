package chorus.sharding.hub;

import chorus.protocol.cluster.CborSerializable;
import chorus.protocol.cluster.ClusterEvent;
import chorus.sharding.events.EventBus;
import chorus.sharding.presence.ConnectionDirectory;
import chorus.sharding.presence.PresenceEntity;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The node's WebSocket hub: one plain actor per node (not sharded) that receives every
 * event of the cluster from all {@link EventBus} buckets and hands each one to the local
 * connections it is for ({@link Targeting}, Mattermost's C.5 rules that can be decided
 * without per-connection state).
 *
 * <p>It also answers {@link ConnectionDirectory} queries for the connections it holds, so a
 * presence entity that moved or restarted can rebuild its set.
 *
 * <p>State: the local connections by connection id and user id ({@link ConnectionIndex}).
 * Connection actors are watched and dropped when they stop, so a connection that dies
 * without {@link Unregister} does not leak. The hub only tells; a connection that cannot
 * keep up is the connection's problem (its queue is bounded and it closes itself), so one
 * slow client never slows the hub.
 *
 * <p>Supervision: a message that throws (a malformed event, say) is skipped and the hub
 * resumes with its index intact, because every handler leaves the index consistent.
 * Lost when it stops: the index; connections would have to register again.
 */
public final class WebSocketHub extends AbstractBehavior<WebSocketHub.Command> {

  public sealed interface Command extends CborSerializable {}

  /** Adds a connection of {@code userId}; re-registering a connection id replaces it. */
  public record Register(String userId, String connectionId, ActorRef<ClusterEvent> connection) implements Command {}

  public record Unregister(String connectionId) implements Command {}

  /** Diagnostics: the number of registered connections. */
  public record CountConnections(ActorRef<Integer> replyTo) implements Command {}

  private record Deliver(ClusterEvent event) implements Command {}

  private record ConnectionTerminated(ActorRef<ClusterEvent> connection) implements Command {}

  private record AnswerListConnections(ConnectionDirectory.ListConnections query) implements Command {}

  private final ConnectionIndex<ActorRef<ClusterEvent>> connections = new ConnectionIndex<>();
  private final String selfNode;

  /**
   * @param selfNode this node's key ({@link chorus.sharding.presence.NodeKeys}), reported with
   *     the connections it answers for
   */
  public static Behavior<Command> create(EventBus bus, ConnectionDirectory directory, String selfNode) {
    return Behaviors.<Command>supervise(Behaviors.setup(ctx -> new WebSocketHub(ctx, bus, directory, selfNode)))
        .onFailure(RuntimeException.class, SupervisorStrategy.resume());
  }

  private WebSocketHub(ActorContext<Command> ctx, EventBus bus, ConnectionDirectory directory, String selfNode) {
    super(ctx);
    this.selfNode = selfNode;
    bus.subscribeAll(ctx.messageAdapter(ClusterEvent.class, Deliver::new));
    directory.subscribe(ctx.messageAdapter(ConnectionDirectory.ListConnections.class, AnswerListConnections::new));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Register.class, this::onRegister)
        .onMessage(Unregister.class, this::onUnregister)
        .onMessage(CountConnections.class, this::onCountConnections)
        .onMessage(Deliver.class, this::onDeliver)
        .onMessage(ConnectionTerminated.class, this::onConnectionTerminated)
        .onMessage(AnswerListConnections.class, this::onListConnections)
        .build();
  }

  /** A presence entity rebuilding its set: tell it this node's connections of the user, if any. */
  private Behavior<Command> onListConnections(AnswerListConnections msg) {
    List<String> ids = connections.connectionIdsOfUser(msg.query().userId());
    if (!ids.isEmpty()) {
      msg.query().replyTo().tell(new PresenceEntity.ConnectionsFound(selfNode, ids));
    }
    return this;
  }

  private Behavior<Command> onRegister(Register msg) {
    boolean watched = connections.contains(msg.connection());
    connections.add(msg.userId(), msg.connectionId(), msg.connection())
        .ifPresent(replaced -> unwatchIfUnused(replaced.connection()));
    if (!watched) {
      getContext().watchWith(msg.connection(), new ConnectionTerminated(msg.connection()));
    }
    return this;
  }

  private Behavior<Command> onUnregister(Unregister msg) {
    connections.remove(msg.connectionId()).ifPresent(removed -> unwatchIfUnused(removed.connection()));
    return this;
  }

  private Behavior<Command> onCountConnections(CountConnections msg) {
    msg.replyTo().tell(connections.size());
    return this;
  }

  private Behavior<Command> onDeliver(Deliver msg) {
    for (ActorRef<ClusterEvent> connection : connections.recipients(msg.event())) {
      connection.tell(msg.event());
    }
    return this;
  }

  private Behavior<Command> onConnectionTerminated(ConnectionTerminated msg) {
    connections.connectionIdsOf(msg.connection()).forEach(connections::remove);
    return this;
  }

  private void unwatchIfUnused(ActorRef<ClusterEvent> connection) {
    if (!connections.contains(connection)) {
      getContext().unwatch(connection);
    }
  }
}
