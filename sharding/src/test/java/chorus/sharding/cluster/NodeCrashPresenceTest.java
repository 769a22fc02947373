package chorus.sharding.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chorus.protocol.api.Status;
import chorus.protocol.cluster.BusMessage;
import chorus.protocol.cluster.ClusterEvent;
import chorus.protocol.cluster.PresenceStatus;
import chorus.sharding.ActorSpawner;
import chorus.sharding.connections.ConnectionCommand;
import chorus.sharding.events.EventBus;
import chorus.sharding.hub.HubNotices;
import chorus.sharding.hub.WebSocketHub;
import chorus.sharding.presence.ConnectionDirectory;
import chorus.sharding.presence.PresenceEntity;
import chorus.sharding.presence.Presences;
import chorus.sharding.presence.StatusStore;
import chorus.sharding.testing.InMemoryChannelEvents;
import chorus.sharding.testing.InMemoryStatusStore;
import chorus.sharding.testing.TestNodes;
import com.typesafe.config.ConfigFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Down;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node dies without leaving (its actor system stops with no coordinated shutdown, as in a
 * kill -9) and is downed, as the split-brain resolver would. Its connections leave every
 * user's presence, whether that user's entity lived on a survivor or on the dead node.
 */
class NodeCrashPresenceTest {
  private static final Duration ASK = Duration.ofSeconds(5);
  private static final Duration SETTLE = Duration.ofSeconds(1);
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  private final InMemoryStatusStore store = new InMemoryStatusStore();
  private final List<Node> nodes = new ArrayList<>();

  private record Node(ActorTestKit testKit, EventBus bus, ActorRef<WebSocketHub.Command> hub, Presences presences,
      NodeStore store) {}

  /**
   * The shared store as one node reaches it. A killed process writes nothing more; an actor
   * system that terminates still runs its actors' last messages (a cluster that shuts down
   * reports every member removed, say), so the crash cuts this node off from the store first.
   */
  private static final class NodeStore implements StatusStore {
    private final StatusStore shared;
    private volatile boolean crashed;

    NodeStore(StatusStore shared) {
      this.shared = shared;
    }

    void crash() {
      crashed = true;
    }

    @Override
    public CompletionStage<Optional<PresenceStatus>> load(String userId) {
      return crashed ? new CompletableFuture<>() : shared.load(userId);
    }

    @Override
    public CompletionStage<Done> save(PresenceStatus status) {
      return crashed ? new CompletableFuture<>() : shared.save(status);
    }
  }

  @AfterEach
  void stop() {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      nodes.get(i).testKit().shutdownTestKit();
    }
  }

  @Test
  void theDeadNodesConnectionsLeavePresenceWhereverTheEntityLived() throws Exception {
    startCluster();
    Node dying = nodes.get(2);
    String withSurvivor = "both-" + UUID.randomUUID();
    String onlyOnDead = "dead-only-" + UUID.randomUUID();
    String movedWithSurvivor = entityHostedOn(dying, "moved-");
    String movedOnlyOnDead = entityHostedOn(dying, "moved-dead-only-");
    TestProbe<ClusterEvent> onlyOnDeadEvents = eventsOnSurvivors(onlyOnDead);
    TestProbe<ClusterEvent> movedEvents = eventsOnSurvivors(movedOnlyOnDead);
    connect(nodes.get(1), withSurvivor, "c1-" + withSurvivor);
    connect(dying, withSurvivor, "c2-" + withSurvivor);
    connect(dying, onlyOnDead, "c2-" + onlyOnDead);
    connect(nodes.get(1), movedWithSurvivor, "c1-" + movedWithSurvivor);
    connect(dying, movedOnlyOnDead, "c2-" + movedOnlyOnDead);
    for (String user : List.of(withSurvivor, onlyOnDead, movedWithSurvivor, movedOnlyOnDead)) {
      // A user's first presence waits for its shard's allocation, which the coordinator first writes
      // to a majority of the three nodes: more than 5 s once under a full CI run.
      await().atMost(DEADLINE).ignoreExceptions().until(() -> Status.ONLINE.equals(status(user)));
    }

    crash(dying);

    await().atMost(DEADLINE).ignoreExceptions().until(() -> Status.OFFLINE.equals(status(onlyOnDead)));
    await().atMost(DEADLINE).ignoreExceptions().until(() -> Status.OFFLINE.equals(status(movedOnlyOnDead)));
    assertThat(status(withSurvivor)).isEqualTo(Status.ONLINE);
    assertThat(status(movedWithSurvivor)).isEqualTo(Status.ONLINE);
    assertOfflineAnnounced(onlyOnDeadEvents);
    assertOfflineAnnounced(movedEvents);
  }

  /**
   * The user's events as published on either survivor. The entity publishes on its own node's
   * topic, and a subscriber on that same node needs no receptionist gossip to get it.
   */
  private TestProbe<ClusterEvent> eventsOnSurvivors(String userId) {
    TestProbe<ClusterEvent> probe = nodes.get(0).testKit().createTestProbe();
    for (Node survivor : nodes.subList(0, 2)) {
      survivor.bus().subscribeAll(survivor.testKit().spawn(Behaviors.receive(BusMessage.class)
          .onMessage(ClusterEvent.class, event -> {
            if (userId.equals(event.broadcast().userId())) {
              probe.ref().tell(event);
            }
            return Behaviors.same();
          })
          .onAnyMessage(other -> Behaviors.same())
          .build()));
    }
    return probe;
  }

  private static void assertOfflineAnnounced(TestProbe<ClusterEvent> events) {
    List<ClusterEvent> seen = events.fishForMessage(DEADLINE, e -> "status_change".equals(e.event()) && e.data().contains("\"offline\"")
        ? FishingOutcomes.complete()
        : FishingOutcomes.continueAndIgnore());
    assertThat(seen).isNotEmpty();
  }

  private void startCluster() {
    for (int i = 0; i < 3; i++) {
      // Stopping this system must not leave the cluster: it plays a crashed process.
      var config = ConfigFactory.parseString("pekko.coordinated-shutdown.run-by-actor-system-terminate = off")
          .withFallback(TestNodes.config());
      nodes.add(start(ActorTestKit.create("Chorus", config)));
    }
    var seed = TestNodes.address(nodes.get(0).testKit().system());
    nodes.forEach(n -> TestNodes.join(n.testKit().system(), seed));
    nodes.forEach(n -> TestNodes.awaitUp(n.testKit().system(), 3));
  }

  private Node start(ActorTestKit kit) {
    EventBus bus = EventBus.create(ActorSpawner.systemActors(kit.system()));
    ConnectionDirectory directory = ConnectionDirectory.create(ActorSpawner.systemActors(kit.system()));
    NodeStore nodeStore = new NodeStore(store);
    PresenceEntity.init(kit.system(), nodeStore, bus, directory, Duration.ofMinutes(5), PresenceEntity.DEFAULT_PASSIVATE_AFTER,
        SETTLE, Clock.systemUTC());
    Presences presences = new Presences(kit.system(), ASK);
    ActorRef<WebSocketHub.Command> hub = kit.spawn(WebSocketHub.create(new WebSocketHub.Deps(bus, directory,
        new InMemoryChannelEvents(), HubNotices.NONE, Clock.systemUTC(), new CompletableFuture<>()), presences.selfNode()), "hub");
    return new Node(kit, bus, hub, presences, nodeStore);
  }

  /** A socket registered with the node's hub and announced to the user's presence, as a WebSocket does. */
  private static void connect(Node node, String userId, String connectionId) {
    ActorRef<ConnectionCommand> socket = node.testKit().spawn(Behaviors.ignore());
    node.hub().tell(new WebSocketHub.Register(userId, connectionId, "s-" + connectionId, socket));
    node.presences().connectionOpened(userId, connectionId);
  }

  private void crash(Node node) throws Exception {
    var address = Cluster.get(node.testKit().system()).selfMember().address();
    node.store().crash();
    node.testKit().system().terminate();
    node.testKit().system().getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    nodes.remove(node);
    Cluster.get(nodes.get(0).testKit().system()).manager().tell(new Down(address));
    nodes.forEach(n -> TestNodes.awaitUp(n.testKit().system(), 2));
  }

  private String status(String userId) throws Exception {
    return nodes.get(0).presences().getStatus(userId).toCompletableFuture().get(ASK.toSeconds(), TimeUnit.SECONDS).status();
  }

  /** A user id whose presence entity, once started, lives on {@code node}. */
  private String entityHostedOn(Node node, String prefix) throws Exception {
    for (int attempt = 0; attempt < 200; attempt++) {
      String userId = prefix + UUID.randomUUID();
      // Starts the entity; the first one of a shard may take longer than an ask under load.
      await().atMost(DEADLINE).ignoreExceptions().until(() -> status(userId) != null);
      TestProbe<ShardRegion.CurrentShardRegionState> probe = node.testKit().createTestProbe();
      ClusterSharding.get(node.testKit().system()).shardState().tell(new GetShardRegionState(PresenceEntity.TYPE_KEY, probe.ref()));
      if (probe.receiveMessage(ASK).getShards().stream().anyMatch(s -> s.getEntityIds().contains(userId))) {
        return userId;
      }
    }
    throw new AssertionError("no presence entity landed on the chosen node");
  }
}
