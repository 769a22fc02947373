package chorus.sharding.presence;

import chorus.protocol.cluster.CborSerializable;
import chorus.protocol.cluster.PresenceStatus;
import chorus.protocol.ids.Ids;
import chorus.sharding.events.EventBus;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import org.apache.pekko.cluster.typed.Unsubscribe;

/**
 * One user's presence, sharded by user id: the single place in the cluster that decides
 * whether the user is online, away, dnd or offline ({@link PresenceState} holds the rules).
 *
 * <p>State: the {@link PresenceState} (status, manual flag, dnd end, last activity, and the
 * open connections with the node that holds each), plus its {@link StatusSaves}. It starts by
 * loading the stored status (offline when there is none), stashing commands meanwhile
 * (bounded; a failed load is retried every second). Every change of status, manual flag or
 * dnd end is saved to the {@link StatusStore} and then announced as {@code status_change}
 * on the {@link EventBus}; a failed save is still announced (while the entity lives its
 * memory is the truth). {@link SetStatus} is answered once its change is saved (or failed to
 * save), so a read of the status table that follows sees it.
 *
 * <p>Passivation: sharding's automatic passivation is off for this type, because the open
 * connections exist only here. The entity passivates itself when it has had no connection
 * and no change for {@code passivateAfter} and nothing is left to save. On a stop (own
 * passivation, rebalance, node leaving) it first finishes its save, so the next incarnation
 * loads the newest status.
 *
 * <p>Nodes come and go. The set of open connections is not stored, so an incarnation
 * (after a move, a crash of its node, or passivation) starts by asking every node's hub for
 * the user's connections ({@link ConnectionDirectory}); it settles once every Up member has
 * answered (each answers, with nothing if it holds nothing), or after {@code settleAfter} at
 * the latest: an automatic online or away that nothing backs any more becomes offline.
 * Sharding remembers these entities, so the ones that lived on a crashed node are started
 * again elsewhere as soon as the node is removed, and their users do not stay online. Every
 * incarnation also watches the cluster: when a member is removed (it left, or the split-brain
 * resolver downed it), the connections it held are closed, which makes users with no other
 * connection offline and announces it. {@link ConnectionOpened} is idempotent, and
 * connection owners re-announce on the client's ping.
 */
public final class PresenceEntity extends AbstractBehavior<PresenceEntity.Command> {

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Presence");
  public static final Duration DEFAULT_PASSIVATE_AFTER = Duration.ofMinutes(2);
  /** The latest an incarnation waits for hubs that do not answer (a node that is starting, say). */
  public static final Duration DEFAULT_SETTLE_AFTER = Duration.ofSeconds(3);

  static final int STASH_CAPACITY = 1000;
  private static final Duration LOAD_RETRY = Duration.ofSeconds(1);
  private static final String LOAD_TIMER = "load";
  private static final String SETTLE_TIMER = "settle";

  public sealed interface Command extends CborSerializable {}

  /** A connection of this user opened on {@code node} (its cluster address), or moved there. */
  public record ConnectionOpened(String connectionId, String node) implements Command {}

  public record ConnectionClosed(String connectionId) implements Command {}

  /** The user did something on a socket or through the API. */
  public record RecordActivity() implements Command {}

  /**
   * Sets a status chosen by the user ({@code manual}) or by their client; answers the
   * resulting status, which is unchanged when a manual status wins over an automatic one.
   */
  public record SetStatus(String status, boolean manual, long dndEndTimeSeconds, ActorRef<PresenceStatus> replyTo)
      implements Command {}

  public record GetStatus(ActorRef<PresenceStatus> replyTo) implements Command {}

  /** A hub's answer to {@link ConnectionDirectory}: connections of this user open on {@code node} (maybe none). */
  public record ConnectionsFound(String node, List<String> connectionIds) implements Command {}

  private record Loaded(Optional<PresenceStatus> status, Throwable failure) implements Command {}

  private record RetryLoad() implements Command {}

  private record Saved(StatusSaves.Save save, Throwable failure) implements Command {}

  private record CheckAway() implements Command {}

  private record CheckDnd() implements Command {}

  private record CheckIdle() implements Command {}

  private record Stop() implements Command {}

  private record NodeRemoved(String node, MemberStatus previousStatus) implements Command {}

  private record Settle() implements Command {}

  /** What every presence entity of a node shares. */
  private record Deps(StatusStore store, EventBus bus, ConnectionDirectory directory, Duration awayAfter,
      Duration passivateAfter, Duration settleAfter, Clock clock) {}

  private final String userId;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private final Deps deps;
  private final TimerScheduler<Command> scheduler;
  private final PresenceTimers<Command> timers;
  private final StatusSaves saves = new StatusSaves();
  private final ActorRef<ClusterEvent.MemberRemoved> membership;
  private final Set<String> unsettledNodes;
  private PresenceState state;
  private boolean stopping;

  /** Starts (or returns) this node's shard region, passivating idle entities after two minutes. */
  public static ActorRef<ShardingEnvelope<Command>> init(
      ActorSystem<?> system, StatusStore store, EventBus bus, ConnectionDirectory directory, Duration awayAfter, Clock clock) {
    return init(system, store, bus, directory, awayAfter, DEFAULT_PASSIVATE_AFTER, DEFAULT_SETTLE_AFTER, clock);
  }

  public static ActorRef<ShardingEnvelope<Command>> init(
      ActorSystem<?> system, StatusStore store, EventBus bus, ConnectionDirectory directory, Duration awayAfter,
      Duration passivateAfter, Duration settleAfter, Clock clock) {
    Deps deps = new Deps(store, bus, directory, awayAfter, passivateAfter, settleAfter, clock);
    return ClusterSharding.get(system).init(
        Entity.of(TYPE_KEY, entityContext -> create(entityContext.getEntityId(), entityContext.getShard(), deps))
            .withStopMessage(new Stop())
            .withSettings(ClusterShardingSettings.create(system).withNoPassivationStrategy().withRememberEntities(true)));
  }

  private static Behavior<Command> create(String userId, ActorRef<ClusterSharding.ShardCommand> shard, Deps deps) {
    return Behaviors.withStash(STASH_CAPACITY, stash -> Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      startLoad(ctx, userId, deps.store());
      return loading(ctx, stash, timers, userId, shard, deps);
    })));
  }

  /** Until the stored status is known, everything but the load's answer waits in the stash. */
  private static Behavior<Command> loading(
      ActorContext<Command> ctx, StashBuffer<Command> stash, TimerScheduler<Command> timers,
      String userId, ActorRef<ClusterSharding.ShardCommand> shard, Deps deps) {
    return Behaviors.receive(Command.class)
        .onMessage(Loaded.class, msg -> {
          if (msg.failure() != null) {
            ctx.getLog().warn("Loading the status of {} failed, retrying: {}", userId, msg.failure().toString());
            timers.startSingleTimer(LOAD_TIMER, new RetryLoad(), LOAD_RETRY);
            return Behaviors.same();
          }
          PresenceState initial = PresenceState.initial(userId, msg.status());
          return stash.unstashAll(new PresenceEntity(ctx, timers, userId, shard, deps, initial));
        })
        .onMessage(RetryLoad.class, msg -> {
          startLoad(ctx, userId, deps.store());
          return Behaviors.same();
        })
        .onMessage(Stop.class, msg -> Behaviors.stopped())
        .onAnyMessage(msg -> {
          if (stash.isFull()) {
            ctx.getLog().warn("Presence of {} is still loading and its stash is full; dropping {}", userId, msg.getClass().getSimpleName());
          } else {
            stash.stash(msg);
          }
          return Behaviors.same();
        })
        .build();
  }

  private static void startLoad(ActorContext<Command> ctx, String userId, StatusStore store) {
    CompletionStage<Optional<PresenceStatus>> load;
    try {
      load = store.load(userId);
    } catch (RuntimeException e) {
      load = CompletableFuture.failedFuture(e);
    }
    ctx.pipeToSelf(load, (status, failure) -> new Loaded(failure == null ? status : Optional.empty(), failure));
  }

  private PresenceEntity(
      ActorContext<Command> ctx, TimerScheduler<Command> timers, String userId,
      ActorRef<ClusterSharding.ShardCommand> shard, Deps deps, PresenceState initial) {
    super(ctx);
    this.scheduler = timers;
    this.timers = new PresenceTimers<>(timers, deps.awayAfter(), deps.passivateAfter(), new CheckAway(), new CheckDnd(),
        new CheckIdle());
    this.userId = userId;
    this.shard = shard;
    this.deps = deps;
    this.state = initial;
    this.membership = ctx.messageAdapter(ClusterEvent.MemberRemoved.class,
        removed -> new NodeRemoved(NodeKeys.of(removed.member().uniqueAddress()), removed.previousStatus()));
    Cluster cluster = Cluster.get(ctx.getSystem());
    cluster.subscriptions().tell(Subscribe.create(membership, ClusterEvent.MemberRemoved.class));
    this.unsettledNodes = new HashSet<>();
    for (Member member : cluster.state().getMembers()) {
      if (member.status() == MemberStatus.up()) {
        unsettledNodes.add(NodeKeys.of(member.uniqueAddress()));
      }
    }
    deps.directory().ask(userId, ctx.getSelf());
    scheduler.startSingleTimer(SETTLE_TIMER, new Settle(), deps.settleAfter());
    // A timed dnd may have ended while no incarnation was alive.
    change(initial.dndEndedIfDue(now()), null);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(ConnectionOpened.class, this::onConnectionOpened)
        .onMessage(ConnectionClosed.class, this::onConnectionClosed)
        .onMessage(RecordActivity.class, this::onRecordActivity)
        .onMessage(SetStatus.class, this::onSetStatus)
        .onMessage(GetStatus.class, this::onGetStatus)
        .onMessage(Saved.class, this::onSaved)
        .onMessage(CheckAway.class, this::onCheckAway)
        .onMessage(CheckDnd.class, this::onCheckDnd)
        .onMessage(CheckIdle.class, this::onCheckIdle)
        .onMessage(Stop.class, this::onStop)
        .onMessage(ConnectionsFound.class, this::onConnectionsFound)
        .onMessage(NodeRemoved.class, this::onNodeRemoved)
        .onMessage(Settle.class, this::onSettle)
        .onSignal(PostStop.class, this::onPostStop)
        .build();
  }

  private Behavior<Command> onConnectionsFound(ConnectionsFound msg) {
    change(state.connectionsFound(msg.node(), msg.connectionIds(), now()), null);
    if (unsettledNodes.remove(msg.node()) && unsettledNodes.isEmpty() && scheduler.isTimerActive(SETTLE_TIMER)) {
      scheduler.cancel(SETTLE_TIMER);
      return onSettle(new Settle());
    }
    return this;
  }

  private Behavior<Command> onNodeRemoved(NodeRemoved msg) {
    // A node that is itself shutting down sees every member "removed" as its cluster stops,
    // each straight from Up; only a member that was downed or had exited is really gone, and
    // only the surviving nodes may conclude that its connections are gone.
    boolean gone = msg.previousStatus() == MemberStatus.down() || msg.previousStatus() == MemberStatus.exiting();
    Cluster cluster = Cluster.get(getContext().getSystem());
    if (!gone || cluster.isTerminated() || cluster.selfMember().status() != MemberStatus.up()) {
      return this;
    }
    if (unsettledNodes.remove(msg.node()) && unsettledNodes.isEmpty() && scheduler.isTimerActive(SETTLE_TIMER)) {
      scheduler.cancel(SETTLE_TIMER);
      change(state.settled(), null);
    }
    return change(state.nodeRemoved(msg.node()), null);
  }

  private Behavior<Command> onSettle(Settle msg) {
    unsettledNodes.clear();
    return change(state.settled(), null);
  }

  private Behavior<Command> onPostStop(PostStop signal) {
    Cluster.get(getContext().getSystem()).subscriptions().tell(new Unsubscribe<>(membership));
    return this;
  }

  private Behavior<Command> onConnectionOpened(ConnectionOpened msg) {
    return change(state.connectionOpened(msg.connectionId(), msg.node(), now()), null);
  }

  private Behavior<Command> onConnectionClosed(ConnectionClosed msg) {
    return change(state.connectionClosed(msg.connectionId()), null);
  }

  private Behavior<Command> onRecordActivity(RecordActivity msg) {
    return change(state.activity(now()), null);
  }

  private Behavior<Command> onSetStatus(SetStatus msg) {
    return change(state.statusSet(msg.status(), msg.manual(), msg.dndEndTimeSeconds(), now()), msg.replyTo());
  }

  private Behavior<Command> onGetStatus(GetStatus msg) {
    msg.replyTo().tell(state.toStatus());
    return this;
  }

  private Behavior<Command> onSaved(Saved msg) {
    if (msg.failure() != null) {
      getContext().getLog().warn("Saving the status of {} failed: {}", userId, msg.failure().toString());
    }
    StatusSaves.Save save = msg.save();
    if (save.announce()) {
      deps.bus().publish(StatusChange.eventFor(Ids.unique(), save.status()));
    }
    save.replies().forEach(replyTo -> replyTo.tell(save.status()));
    Optional<StatusSaves.Save> next = saves.finished(msg.failure() != null);
    if (next.isPresent()) {
      start(next.get());
    } else if (stopping) {
      return Behaviors.stopped();
    }
    timers.rearm(state, now());
    return this;
  }

  private Behavior<Command> onCheckAway(CheckAway msg) {
    return change(state.awayIfIdle(now(), deps.awayAfter()), null);
  }

  private Behavior<Command> onCheckDnd(CheckDnd msg) {
    timers.dndFired();
    return change(state.dndEndedIfDue(now()), null);
  }

  private Behavior<Command> onCheckIdle(CheckIdle msg) {
    if (state.hasConnections() || stopping) {
      return this;
    }
    if (saves.saving()) {
      timers.rearm(state, now());
    } else if (saves.dirty()) {
      saves.enqueue(state.toStatus(), false, null).ifPresent(this::start);
    } else {
      shard.tell(new ClusterSharding.Passivate<>(getContext().getSelf()));
    }
    return this;
  }

  /** Sharding's stop (own passivation, rebalance, leaving): write what is unsaved first. */
  private Behavior<Command> onStop(Stop msg) {
    if (!saves.saving() && !saves.dirty()) {
      return Behaviors.stopped();
    }
    stopping = true;
    if (!saves.saving()) {
      saves.enqueue(state.toStatus(), false, null).ifPresent(this::start);
    }
    return this;
  }

  /** Moves to {@code next}; a status change is saved and then announced, others only re-arm timers. */
  private Behavior<Command> change(PresenceState next, ActorRef<PresenceStatus> replyTo) {
    PresenceState previous = state;
    state = next;
    if (next.statusDiffers(previous)) {
      saves.enqueue(next.toStatus(), true, replyTo).ifPresent(this::start);
    } else if (replyTo != null) {
      replyTo.tell(next.toStatus());
    }
    timers.rearm(state, now());
    return this;
  }

  private void start(StatusSaves.Save save) {
    CompletionStage<Done> write;
    try {
      write = deps.store().save(save.status());
    } catch (RuntimeException e) {
      write = CompletableFuture.failedFuture(e);
    }
    getContext().pipeToSelf(write, (done, failure) -> new Saved(save, failure));
  }

  private long now() {
    return deps.clock().millis();
  }
}
