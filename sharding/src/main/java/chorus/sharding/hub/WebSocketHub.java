package chorus.sharding.hub;

import chorus.protocol.cluster.BusMessage;
import chorus.protocol.cluster.CborSerializable;
import chorus.protocol.cluster.ClusterEvent;
import chorus.protocol.cluster.SessionsRevoked;
import chorus.protocol.cluster.TopicProbe;
import chorus.protocol.cluster.WriteMark;
import chorus.sharding.connections.ClaimReply;
import chorus.sharding.connections.ConnectionCommand;
import chorus.sharding.events.ChannelEventSource;
import chorus.sharding.events.ChannelMembers;
import chorus.sharding.events.ChannelSequencer;
import chorus.sharding.events.EventBus;
import chorus.sharding.events.TopicHandshake;
import chorus.sharding.presence.ConnectionDirectory;
import chorus.sharding.presence.PresenceEntity;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * The node's WebSocket hub: one plain actor per node (not sharded) that receives everything
 * on the {@link EventBus} and hands each event to the local connections it is for
 * ({@link Targeting}), and that keeps the registry through which a connection id moves
 * between sockets and nodes.
 *
 * <p><b>Order and gaps.</b> Durable channel events pass a {@link ChannelSequencer} seeded
 * with every channel's position when the hub starts: they leave in position order, a gap
 * that outlasts {@value #REPAIR_AFTER_MILLIS} ms is read from the database, and every
 * {@value #SWEEP_EVERY_MILLIS} ms the channels with recent events are compared with their
 * heads in the database, which finds a lost last event (its publisher died after the commit).
 *
 * <p><b>Members.</b> A channel event without an audience goes to the channel's members as this
 * hub's {@link MembershipIndex} has them, in the same position order; the index reads a
 * channel's members when it first needs them and follows its joins and leaves from there.
 *
 * <p><b>Readiness.</b> The hub joins the bus, loads the positions, then runs the
 * {@link TopicHandshake} with every other hub that has started; only then does it register as
 * ready (the node accepts WebSockets from then on, and other nodes send it claims and hand it
 * connections) and complete {@code ready}.
 *
 * <p><b>Claims.</b> A socket that resumes a connection id claims it through its own hub
 * ({@link StartClaim}), which registers the claimant at once and asks every other reachable
 * ready hub ({@link Claim}). A hub holding the id tells its holder to {@link
 * ConnectionCommand.Surrender} to the claimant and keeps a short-lived forward to it, so
 * that events it delivers a little later than the claimant's hub still reach the connection.
 * So a connection id has at most one live socket in the cluster: the newest.
 *
 * <p>It also answers {@link ConnectionDirectory} queries for its connections (presence
 * entities rebuilding their sets), closes the connections of revoked sessions, and passes
 * node-wide notices to {@link HubNotices}.
 *
 * <p>Supervision: a message that throws is skipped and the hub resumes with its state, since
 * every handler leaves it consistent. Lost when it stops: the registry; connections would
 * have to register again.
 */
public final class WebSocketHub extends AbstractBehavior<WebSocketHub.Command> {
  /** Hubs that are ready register under this key: claims and handoffs go to these. */
  public static final ServiceKey<Command> READY_KEY = ServiceKey.create(Command.class, "chorus-ws-hub");
  /**
   * Every hub registers under this key as it starts: a starting hub runs the handshake with
   * every hub that exists, ready or not, so that of two hubs starting together at least one
   * proves the pair before it serves.
   */
  static final ServiceKey<Command> EXISTS_KEY = ServiceKey.create(Command.class, "chorus-ws-hub-started");
  static final long REPAIR_AFTER_MILLIS = 250;
  static final long SWEEP_EVERY_MILLIS = 2_000;
  /** The sweep compares heads of channels with events this recent... */
  static final long SWEEP_WINDOW_MILLIS = 15_000;
  /** ...whose last event is at least this old, so an event still in flight is not read twice. */
  static final long SWEEP_MIN_AGE_MILLIS = 1_000;
  static final int REPAIR_LIMIT = 500;
  static final Duration FORWARD_FOR = Duration.ofSeconds(15);
  private static final Duration TICK = Duration.ofMillis(100);
  private static final Duration HANDSHAKE_RETRY = Duration.ofMillis(500);
  private static final Duration BASELINE_RETRY = Duration.ofSeconds(1);
  /** How long a starting hub waits for the hubs of Up members to show up before it goes on without them. */
  private static final Duration MISSING_HUB_WAIT = Duration.ofSeconds(10);
  /**
   * Channel members the index keeps across channels: at roughly 100 bytes each, 25 MB of
   * heap, which holds the busy channels of a large team (a 10,000-member channel is 10,000).
   */
  static final long MEMBER_BUDGET = 250_000;
  /** Events of one channel that may wait for its members to be read; past it they are dropped and counted. */
  static final int MAX_WAITING_FOR_MEMBERS = 10_000;
  private static final Duration MEMBERS_RETRY = Duration.ofSeconds(1);

  public sealed interface Command extends CborSerializable {}

  /** A connection held on this node, for {@code userId}'s session {@code sessionId}. */
  public record Register(String userId, String connectionId, String sessionId, ActorRef<ConnectionCommand> connection)
      implements Command {}

  /** The connection stopped; ignored if the id is registered to another actor by now. */
  public record Unregister(String connectionId, ActorRef<ConnectionCommand> connection) implements Command {}

  /** Whether the connection still keeps its user online (its socket closed a while ago: not). */
  public record SetPresent(String connectionId, ActorRef<ConnectionCommand> connection, boolean present) implements Command {}

  /**
   * A local socket resumes {@code connectionId}: register {@code claimant} under it and ask
   * every hub; each answers {@code replyTo}, and {@code planTo} learns how many will.
   */
  public record StartClaim(String connectionId, String userId, String sessionId, long sequenceNumber,
      ActorRef<ConnectionCommand> claimant, ActorRef<ClaimReply> replyTo, ActorRef<ClaimPlan> planTo) implements Command {}

  /** How many hubs (this one included) will answer a claim. */
  public record ClaimPlan(int answers) implements CborSerializable {}

  /** Another node's socket resumes {@code connectionId}. */
  public record Claim(String connectionId, String userId, long sequenceNumber, ActorRef<ConnectionCommand> claimant,
      ActorRef<ClaimReply> replyTo) implements Command {}

  /** The holder handed the connection to {@code to} on another node: forward what still arrives here. */
  public record Moved(String connectionId, ActorRef<ConnectionCommand> from, ActorRef<ConnectionCommand> to) implements Command {}

  /** A connection's channel has a gap: read {@code after < p < before} for it. */
  public record Backfill(String channelId, long after, long before, ActorRef<ConnectionCommand> replyTo) implements Command {}

  /** The node shuts down: tell every connection held here to hand itself off; answers how many. */
  public record HandOffAll(ActorRef<Integer> replyTo) implements Command {}

  /** Diagnostics: the number of registered connections and forwards. */
  public record CountConnections(ActorRef<Integer> replyTo) implements Command {}

  /** The number of connections held here (not the forwards): a draining node waits for 0. */
  public record CountHeld(ActorRef<Integer> replyTo) implements Command {}

  /** A starting node asks this hub to probe it on every bucket. */
  public record ProbeMe(String requester, ActorRef<Command> requesterHub) implements Command {}

  /** {@code from} received every probe this hub published to it. */
  public record ProbesArrived(String from) implements Command {}

  private record Received(BusMessage message) implements Command {}

  private record ConnectionTerminated(ActorRef<ConnectionCommand> connection) implements Command {}

  private record AnswerListConnections(ConnectionDirectory.ListConnections query) implements Command {}

  private record BaselineLoaded(Map<String, Long> heads, Throwable failure) implements Command {}

  private record Repaired(ChannelSequencer.Gap gap, List<ClusterEvent> events, Throwable failure) implements Command {}

  private record BackfillRead(Backfill request, List<ClusterEvent> events, Throwable failure) implements Command {}

  private record SweepFound(Map<String, Long> heads, Throwable failure) implements Command {}

  private record MembersRead(MembershipIndex.Load load, ChannelMembers members, Throwable failure) implements Command {}

  private record ReadMembersAgain(MembershipIndex.Load load) implements Command {}

  private record HubsListed(Receptionist.Listing listing) implements Command {}


  private enum Tick implements Command { REPAIR, SWEEP, HANDSHAKE, BASELINE }

  /** What the hub needs from its node. */
  public record Deps(EventBus bus, ConnectionDirectory directory, ChannelEventSource events, HubNotices notices, Clock clock,
      CompletableFuture<Void> ready) {}

  private final Deps deps;
  private final TimerScheduler<Command> timers;
  private final String self;
  private final ConnectionRegistry<ActorRef<ConnectionCommand>> connections = new ConnectionRegistry<>();
  private final ChannelSequencer sequencer = new ChannelSequencer(true, REPAIR_AFTER_MILLIS, 10_000);
  private final MembershipIndex memberships = new MembershipIndex(MEMBER_BUDGET, MAX_WAITING_FOR_MEMBERS);
  private long droppedReported;
  private final TopicHandshake handshake;
  private final Map<String, Set<Integer>> probesFromStarting = new HashMap<>();
  private final Map<String, ActorRef<Command>> startingHubs = new HashMap<>();
  private Map<String, ActorRef<Command>> readyHubs = Map.of();
  private Map<String, ActorRef<Command>> startedHubs = Map.of();
  private boolean positioned;
  private boolean ready;
  private long handshakeSince;

  /** @param selfNode this node's key ({@link chorus.sharding.presence.NodeKeys}), reported with its connections */
  public static Behavior<Command> create(Deps deps, String selfNode) {
    return Behaviors.<Command>supervise(Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
            new WebSocketHub(ctx, timers, deps, selfNode))))
        .onFailure(RuntimeException.class, SupervisorStrategy.resume());
  }

  private final String selfNode;

  private WebSocketHub(ActorContext<Command> ctx, TimerScheduler<Command> timers, Deps deps, String selfNode) {
    super(ctx);
    this.deps = deps;
    this.timers = timers;
    this.selfNode = selfNode;
    this.self = Cluster.get(ctx.getSystem()).selfMember().address().toString();
    this.handshake = new TopicHandshake(deps.bus().buckets());
    deps.bus().subscribeAll(ctx.messageAdapter(BusMessage.class, Received::new));
    deps.directory().subscribe(ctx.messageAdapter(ConnectionDirectory.ListConnections.class, AnswerListConnections::new));
    // One adapter per message class: both listings arrive through it.
    ActorRef<Receptionist.Listing> listings = ctx.messageAdapter(Receptionist.Listing.class, HubsListed::new);
    ctx.getSystem().receptionist().tell(Receptionist.subscribe(READY_KEY, listings));
    ctx.getSystem().receptionist().tell(Receptionist.subscribe(EXISTS_KEY, listings));
    ctx.getSystem().receptionist().tell(Receptionist.register(EXISTS_KEY, ctx.getSelf()));
    loadBaseline();
    timers.startTimerWithFixedDelay(Tick.REPAIR, TICK);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Received.class, this::onReceived)
        .onMessage(Register.class, this::onRegister)
        .onMessage(Unregister.class, this::onUnregister)
        .onMessage(SetPresent.class, this::onSetPresent)
        .onMessage(StartClaim.class, this::onStartClaim)
        .onMessage(Claim.class, this::onClaim)
        .onMessage(Moved.class, this::onMoved)
        .onMessage(Backfill.class, this::onBackfill)
        .onMessage(BackfillRead.class, this::onBackfillRead)
        .onMessage(HandOffAll.class, this::onHandOffAll)
        .onMessage(CountConnections.class, this::onCountConnections)
        .onMessage(CountHeld.class, msg -> {
          msg.replyTo().tell(connections.held().size());
          return this;
        })
        .onMessage(ConnectionTerminated.class, this::onConnectionTerminated)
        .onMessage(AnswerListConnections.class, this::onListConnections)
        .onMessage(BaselineLoaded.class, this::onBaselineLoaded)
        .onMessage(Repaired.class, this::onRepaired)
        .onMessage(SweepFound.class, this::onSweepFound)
        .onMessage(MembersRead.class, this::onMembersRead)
        .onMessage(ReadMembersAgain.class, msg -> {
          readMembers(msg.load());
          return this;
        })
        .onMessage(HubsListed.class, msg -> {
          if (msg.listing().isForKey(READY_KEY)) {
            readyHubs = others(msg.listing(), READY_KEY);
          } else {
            startedHubs = others(msg.listing(), EXISTS_KEY);
          }
          return this;
        })
        .onMessage(ProbeMe.class, this::onProbeMe)
        .onMessage(ProbesArrived.class, this::onProbesArrived)
        .onMessageEquals(Tick.REPAIR, this::onRepairTick)
        .onMessageEquals(Tick.SWEEP, this::onSweepTick)
        .onMessageEquals(Tick.HANDSHAKE, this::onHandshakeTick)
        .onMessageEquals(Tick.BASELINE, () -> {
          loadBaseline();
          return this;
        })
        .build();
  }

  // ---- the bus ----

  private Behavior<Command> onReceived(Received msg) {
    BusMessage message = msg.message();
    if (message instanceof ClusterEvent event) {
      // Before the positions are known nothing can be sequenced; nobody is connected yet
      // either, and a durable event dropped here is repaired once they are.
      if (positioned) {
        deliver(sequencer.offer(event, now()));
      }
    } else if (message instanceof SessionsRevoked revoked) {
      deps.notices().sessionsRevoked(revoked);
      connections.heldBySessions(revoked.sessionIds(), revoked.userId())
          .forEach(entry -> entry.connection().tell(new ConnectionCommand.Revoke()));
    } else if (message instanceof WriteMark mark) {
      deps.notices().wrote(mark);
    } else if (message instanceof TopicProbe probe) {
      onProbe(probe);
    }
    return this;
  }

  /** Events the sequencer released, in order: each goes to its channel's members once the index has them. */
  private void deliver(List<ClusterEvent> due) {
    for (ClusterEvent event : due) {
      send(memberships.take(event));
    }
  }

  private void send(MembershipIndex.Step step) {
    for (MembershipIndex.Addressed addressed : step.due()) {
      ConnectionCommand.Deliver deliver = new ConnectionCommand.Deliver(addressed.event());
      for (ActorRef<ConnectionCommand> connection : connections.recipients(addressed.event(), addressed.audience())) {
        connection.tell(deliver);
      }
    }
    if (step.load() != null) {
      readMembers(step.load());
    }
    if (memberships.dropped() > droppedReported) {
      getContext().getLog().warn("{} channel events were dropped while their channel's members were being read",
          memberships.dropped() - droppedReported);
      droppedReported = memberships.dropped();
    }
  }

  private void readMembers(MembershipIndex.Load load) {
    getContext().pipeToSelf(deps.events().members(load.channelId(), load.changesAfter()),
        (members, failure) -> new MembersRead(load, members, failure));
  }

  private Behavior<Command> onMembersRead(MembersRead msg) {
    String channel = msg.load().channelId();
    if (msg.failure() != null) {
      getContext().getLog().warn("Reading the members of channel {} failed, retrying: {}", channel, msg.failure().toString());
      MembershipIndex.Load again = memberships.loadFailed(channel);
      if (again != null) {
        timers.startSingleTimer("members-" + channel, new ReadMembersAgain(again), MEMBERS_RETRY);
      }
      return this;
    }
    send(memberships.loaded(msg.load(), msg.members()));
    return this;
  }

  // ---- positions: baseline, repairs, sweep ----

  private void loadBaseline() {
    getContext().pipeToSelf(deps.events().heads(), BaselineLoaded::new);
  }

  private Behavior<Command> onBaselineLoaded(BaselineLoaded msg) {
    if (msg.failure() != null) {
      getContext().getLog().warn("Loading channel positions failed, retrying: {}", msg.failure().toString());
      timers.startSingleTimer(Tick.BASELINE, BASELINE_RETRY);
      return this;
    }
    sequencer.baseline(msg.heads());
    positioned = true;
    handshakeSince = now();
    timers.startTimerWithFixedDelay(Tick.SWEEP, Duration.ofMillis(SWEEP_EVERY_MILLIS));
    timers.startTimerWithFixedDelay(Tick.HANDSHAKE, HANDSHAKE_RETRY);
    return onHandshakeTick();
  }

  private Behavior<Command> onRepairTick() {
    long now = now();
    connections.expireForwards(now);
    if (positioned) {
      sequencer.gapsDue(now).forEach(this::repair);
    }
    return this;
  }

  private void repair(ChannelSequencer.Gap gap) {
    getContext().pipeToSelf(deps.events().after(gap.channelId(), gap.after(), REPAIR_LIMIT),
        (events, failure) -> new Repaired(gap, events, failure));
  }

  private Behavior<Command> onRepaired(Repaired msg) {
    String channel = msg.gap().channelId();
    if (msg.failure() != null) {
      getContext().getLog().warn("Reading missed events of channel {} failed: {}", channel, msg.failure().toString());
      sequencer.repairFailed(channel, now());
      return this;
    }
    boolean complete = msg.events().size() < REPAIR_LIMIT;
    long covered = complete ? msg.gap().before() : msg.events().get(msg.events().size() - 1).position() + 1;
    long skippedBefore = sequencer.skipped();
    deliver(sequencer.repaired(channel, msg.events(), covered, complete, now()));
    if (sequencer.skipped() > skippedBefore) {
      getContext().getLog().warn("Channel {}: {} events were pruned from the log before they could be repaired",
          channel, sequencer.skipped() - skippedBefore);
    }
    return this;
  }

  private Behavior<Command> onSweepTick() {
    getContext().pipeToSelf(deps.events().settledHeads(SWEEP_WINDOW_MILLIS, SWEEP_MIN_AGE_MILLIS), SweepFound::new);
    return this;
  }

  private Behavior<Command> onSweepFound(SweepFound msg) {
    if (msg.failure() == null) {
      msg.heads().forEach((channel, head) -> sequencer.behind(channel, head).forEach(this::repair));
    }
    return this;
  }

  private Behavior<Command> onBackfill(Backfill msg) {
    int limit = (int) Math.max(1, Math.min(REPAIR_LIMIT, msg.before() - msg.after() - 1));
    getContext().pipeToSelf(deps.events().after(msg.channelId(), msg.after(), limit),
        (events, failure) -> new BackfillRead(msg, events, failure));
    return this;
  }

  private Behavior<Command> onBackfillRead(BackfillRead msg) {
    Backfill request = msg.request();
    if (msg.failure() != null) {
      request.replyTo().tell(new ConnectionCommand.Backfilled(request.channelId(), List.of(), request.before(), false, true));
      return this;
    }
    List<ClusterEvent> events = msg.events().stream().filter(e -> e.position() < request.before()).toList();
    boolean complete = events.isEmpty() || events.get(events.size() - 1).position() >= request.before() - 1
        || msg.events().size() < Math.min(REPAIR_LIMIT, request.before() - request.after() - 1);
    long covered = complete ? request.before() : events.get(events.size() - 1).position() + 1;
    request.replyTo().tell(new ConnectionCommand.Backfilled(request.channelId(), events, covered, complete, false));
    return this;
  }

  // ---- readiness handshake ----

  /** The other hubs of a listing, by their node's address. */
  private Map<String, ActorRef<Command>> others(Receptionist.Listing listing, ServiceKey<Command> key) {
    Map<String, ActorRef<Command>> hubs = new HashMap<>();
    listing.getServiceInstances(key).stream()
        .filter(hub -> !hub.equals(getContext().getSelf()))
        .forEach(hub -> hubs.put(addressOf(hub), hub));
    return hubs;
  }

  private Behavior<Command> onHandshakeTick() {
    if (ready || !positioned) {
      return this;
    }
    Set<String> members = reachableUpMembers();
    Set<String> others = new HashSet<>(members);
    others.retainAll(startedHubs.keySet());
    handshake.members(others);
    // A member's hub may not have reached this node's receptionist yet (nodes that start
    // together): wait for it a while, or a pair of such nodes could both go ready unproven.
    boolean hubsMissing = others.size() < members.size() && now() - handshakeSince < MISSING_HUB_WAIT.toMillis();
    for (String member : handshake.awaitingProbesFrom()) {
      startedHubs.get(member).tell(new ProbeMe(self, getContext().getSelf()));
    }
    for (String member : handshake.awaitingAcknowledgementFrom()) {
      for (int bucket = 0; bucket < deps.bus().buckets(); bucket++) {
        deps.bus().publishOn(bucket, new TopicProbe(member, self, bucket));
      }
    }
    if (handshake.complete() && !hubsMissing) {
      ready = true;
      timers.cancel(Tick.HANDSHAKE);
      getContext().getSystem().receptionist().tell(Receptionist.register(READY_KEY, getContext().getSelf()));
      getContext().getLog().info("WebSocket hub ready: channel positions loaded, bus verified with {} other node(s)",
          others.size());
      deps.ready().complete(null);
    }
    return this;
  }

  private Behavior<Command> onProbeMe(ProbeMe msg) {
    startingHubs.put(msg.requester(), msg.requesterHub());
    for (int bucket = 0; bucket < deps.bus().buckets(); bucket++) {
      deps.bus().publishOn(bucket, new TopicProbe(msg.requester(), self, bucket));
    }
    acknowledgeIfComplete(msg.requester());
    return this;
  }

  private void onProbe(TopicProbe probe) {
    if (!probe.targetNode().equals(self)) {
      return;
    }
    if (!ready) {
      handshake.probeReceived(probe.fromNode(), probe.bucket());
    }
    probesFromStarting.computeIfAbsent(probe.fromNode(), n -> new HashSet<>()).add(probe.bucket());
    acknowledgeIfComplete(probe.fromNode());
  }

  /**
   * Tells a starting node that all its probes arrived, as often as it asks (its probes keep
   * coming until it hears this): the node's hub is known from its ProbeMe or the listing.
   */
  private void acknowledgeIfComplete(String starting) {
    ActorRef<Command> hub = startingHubs.getOrDefault(starting, startedHubs.get(starting));
    if (hub != null && probesFromStarting.getOrDefault(starting, Set.of()).size() >= deps.bus().buckets()) {
      hub.tell(new ProbesArrived(self));
    }
  }

  private Behavior<Command> onProbesArrived(ProbesArrived msg) {
    handshake.acknowledged(msg.from());
    return ready ? this : onHandshakeTick();
  }

  private Set<String> reachableUpMembers() {
    var state = Cluster.get(getContext().getSystem()).state();
    Set<String> unreachable = StreamSupport.stream(state.getUnreachable().spliterator(), false)
        .map(m -> m.address().toString()).collect(Collectors.toSet());
    Set<String> out = new HashSet<>();
    for (Member member : state.getMembers()) {
      String address = member.address().toString();
      if (member.status() == MemberStatus.up() && !unreachable.contains(address) && !address.equals(self)) {
        out.add(address);
      }
    }
    return out;
  }

  // ---- the registry ----

  private Behavior<Command> onRegister(Register msg) {
    connections.add(msg.userId(), msg.connectionId(), msg.sessionId(), msg.connection());
    getContext().watchWith(msg.connection(), new ConnectionTerminated(msg.connection()));
    return this;
  }

  private Behavior<Command> onUnregister(Unregister msg) {
    connections.removeIfHeldBy(msg.connectionId(), msg.connection());
    return this;
  }

  private Behavior<Command> onSetPresent(SetPresent msg) {
    connections.setPresent(msg.connectionId(), msg.connection(), msg.present());
    return this;
  }

  private Behavior<Command> onStartClaim(StartClaim msg) {
    List<ActorRef<Command>> others = readyHubs.entrySet().stream()
        .filter(hub -> reachableUpMembers().contains(hub.getKey()))
        .map(Map.Entry::getValue).toList();
    msg.planTo().tell(new ClaimPlan(others.size() + 1));
    boolean surrendering = surrenderTo(msg.connectionId(), msg.userId(), msg.sequenceNumber(), msg.claimant(), msg.replyTo());
    // Someone else's id stays theirs: the claimant will start over under a new id.
    boolean othersId = connections.get(msg.connectionId()).filter(entry -> !entry.userId().equals(msg.userId())).isPresent();
    if (!othersId) {
      connections.add(msg.userId(), msg.connectionId(), msg.sessionId(), msg.claimant());
      getContext().watchWith(msg.claimant(), new ConnectionTerminated(msg.claimant()));
    }
    msg.replyTo().tell(surrendering ? new ClaimReply.Forwarded(self) : new ClaimReply.NotHere(self));
    Claim claim = new Claim(msg.connectionId(), msg.userId(), msg.sequenceNumber(), msg.claimant(), msg.replyTo());
    others.forEach(hub -> hub.tell(claim));
    return this;
  }

  private Behavior<Command> onClaim(Claim msg) {
    boolean surrendering = surrenderTo(msg.connectionId(), msg.userId(), msg.sequenceNumber(), msg.claimant(), msg.replyTo());
    if (surrendering) {
      connections.forward(msg.connectionId(), msg.claimant(), now() + FORWARD_FOR.toMillis());
      getContext().watchWith(msg.claimant(), new ConnectionTerminated(msg.claimant()));
    }
    msg.replyTo().tell(surrendering ? new ClaimReply.Forwarded(self) : new ClaimReply.NotHere(self));
    return this;
  }

  /** Tells whoever holds (or a forward points to) the id for this user to surrender; false if nobody. */
  private boolean surrenderTo(String connectionId, String userId, long sequenceNumber, ActorRef<ConnectionCommand> claimant,
      ActorRef<ClaimReply> replyTo) {
    var entry = connections.get(connectionId);
    if (entry.isEmpty() || !entry.get().userId().equals(userId) || entry.get().connection().equals(claimant)) {
      return false;
    }
    entry.get().connection().tell(new ConnectionCommand.Surrender(sequenceNumber, claimant, replyTo));
    return true;
  }

  private Behavior<Command> onMoved(Moved msg) {
    connections.get(msg.connectionId())
        .filter(entry -> entry.connection().equals(msg.from()))
        .ifPresent(entry -> {
          connections.forward(msg.connectionId(), msg.to(), now() + FORWARD_FOR.toMillis());
          getContext().watchWith(msg.to(), new ConnectionTerminated(msg.to()));
        });
    return this;
  }

  private Behavior<Command> onHandOffAll(HandOffAll msg) {
    List<ConnectionRegistry.Entry<ActorRef<ConnectionCommand>>> held = connections.held();
    held.forEach(entry -> entry.connection().tell(new ConnectionCommand.HandOff()));
    msg.replyTo().tell(held.size());
    return this;
  }

  private Behavior<Command> onCountConnections(CountConnections msg) {
    msg.replyTo().tell(connections.size());
    return this;
  }

  private Behavior<Command> onConnectionTerminated(ConnectionTerminated msg) {
    connections.connectionIdsOf(msg.connection()).forEach(connections::remove);
    return this;
  }

  /** A presence entity rebuilding its set: this node's connections of the user (none is an answer too). */
  private Behavior<Command> onListConnections(AnswerListConnections msg) {
    msg.query().replyTo().tell(new PresenceEntity.ConnectionsFound(selfNode, connections.presentConnectionIdsOfUser(msg.query().userId())));
    return this;
  }

  private long now() {
    return deps.clock().millis();
  }

  private static String addressOf(ActorRef<?> ref) {
    return ref.path().address().toString();
  }
}
