package chorus.sharding.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chorus.protocol.api.Session;
import chorus.protocol.api.Status;
import chorus.protocol.cluster.ClusterEvent;
import chorus.protocol.cluster.PresenceStatus;
import chorus.protocol.cluster.SessionsRevoked;
import chorus.protocol.cluster.WriteMark;
import chorus.protocol.ws.Broadcast;
import chorus.sharding.ActorSpawner;
import chorus.sharding.connections.ConnectionCommand;
import chorus.sharding.events.EventBus;
import chorus.sharding.hub.HubNotices;
import chorus.sharding.hub.WebSocketHub;
import chorus.sharding.presence.ConnectionDirectory;
import chorus.sharding.presence.PresenceEntity;
import chorus.sharding.presence.Presences;
import chorus.sharding.sessions.NodeSessions;
import chorus.sharding.sessions.SessionCheck;
import chorus.sharding.testing.InMemoryChannelEvents;
import chorus.sharding.testing.InMemorySessionSource;
import chorus.sharding.testing.InMemoryStatusStore;
import chorus.sharding.testing.TestNodes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three nodes in one JVM: entities are reachable from every node, and events cross nodes
 * (as CBOR, since serialize-messages is off only for local sends).
 */
class ThreeNodeClusterTest {
  private static final Duration GOSSIP_DEADLINE = Duration.ofSeconds(30);
  private static final Duration ASK = Duration.ofSeconds(5);

  private static final InMemoryStatusStore store = new InMemoryStatusStore();
  private static final InMemorySessionSource source = new InMemorySessionSource();
  private static final List<Node> nodes = new ArrayList<>();

  private record Node(ActorTestKit testKit, EventBus bus, ActorRef<WebSocketHub.Command> hub, Presences presences,
      NodeSessions sessions, CompletableFuture<Void> ready) {}

  @BeforeAll
  static void startCluster() throws Exception {
    List<ActorTestKit> kits = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      kits.add(ActorTestKit.create("Chorus", TestNodes.config()));
    }
    var seed = TestNodes.address(kits.get(0).system());
    kits.forEach(kit -> TestNodes.join(kit.system(), seed));
    kits.forEach(kit -> TestNodes.awaitUp(kit.system(), 3));
    for (ActorTestKit kit : kits) {
      EventBus bus = EventBus.create(ActorSpawner.systemActors(kit.system()));
      NodeSessions sessions = new NodeSessions(source, Clock.systemUTC(), Duration.ofMinutes(1));
      ConnectionDirectory directory = ConnectionDirectory.create(ActorSpawner.systemActors(kit.system()));
      PresenceEntity.init(kit.system(), store, bus, directory, Duration.ofMinutes(5), Clock.systemUTC());
      Presences presences = new Presences(kit.system(), ASK);
      CompletableFuture<Void> ready = new CompletableFuture<>();
      HubNotices notices = new HubNotices() {
        @Override
        public void sessionsRevoked(SessionsRevoked revoked) {
          sessions.revoke(revoked);
        }

        @Override
        public void wrote(WriteMark mark) {}
      };
      ActorRef<WebSocketHub.Command> hub = kit.spawn(WebSocketHub.create(new WebSocketHub.Deps(bus, directory,
          new InMemoryChannelEvents(), notices, Clock.systemUTC(), ready), presences.selfNode()), "hub");
      nodes.add(new Node(kit, bus, hub, presences, sessions, ready));
    }
    for (Node n : nodes) {
      n.ready().get(GOSSIP_DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }
  }

  @AfterAll
  static void stopCluster() {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      nodes.get(i).testKit().shutdownTestKit();
    }
  }

  private static Node node(int i) {
    return nodes.get(i);
  }

  private static PresenceStatus statusFrom(int node, String userId) throws Exception {
    return node(node).presences().getStatus(userId).toCompletableFuture().get(ASK.toSeconds(), TimeUnit.SECONDS);
  }

  /** A connection actor on {@code node} that records what its hub delivers. */
  private static Queue<ClusterEvent> connect(int node, String userId, String connectionId) {
    Queue<ClusterEvent> received = new ConcurrentLinkedQueue<>();
    ActorRef<ConnectionCommand> socket = node(node).testKit().spawn(Behaviors.receive(ConnectionCommand.class)
        .onMessage(ConnectionCommand.Deliver.class, d -> {
          received.add(d.event());
          return Behaviors.same();
        })
        .build());
    node(node).hub().tell(new WebSocketHub.Register(userId, connectionId, "s-" + connectionId, socket));
    return received;
  }

  private static int hostsOf(String entityId) {
    int hosts = 0;
    for (Node n : nodes) {
      TestProbe<ShardRegion.CurrentShardRegionState> probe = n.testKit().createTestProbe();
      ClusterSharding.get(n.testKit().system()).shardState().tell(new GetShardRegionState(PresenceEntity.TYPE_KEY, probe.ref()));
      boolean here = probe.receiveMessage(ASK).getShards().stream().anyMatch(s -> s.getEntityIds().contains(entityId));
      hosts += here ? 1 : 0;
    }
    return hosts;
  }

  @Test
  void aUsersPresenceIsOneEntityWithTheSameStateFromEveryNode() throws Exception {
    String u = "u-" + UUID.randomUUID();
    node(1).presences().connectionOpened(u, "conn-on-b");

    // The first presence waits for its shard's allocation, written to a majority first (NodeCrashPresenceTest).
    await().atMost(GOSSIP_DEADLINE).ignoreExceptions().until(() -> Status.ONLINE.equals(statusFrom(0, u).status()));
    PresenceStatus dnd = node(2).presences().setStatus(u, Status.DND, true, 0).toCompletableFuture().get(ASK.toSeconds(), TimeUnit.SECONDS);
    assertThat(dnd.status()).isEqualTo(Status.DND);

    assertThat(statusFrom(0, u)).isEqualTo(dnd);
    assertThat(statusFrom(1, u)).isEqualTo(dnd);
    assertThat(statusFrom(2, u)).isEqualTo(dnd);
    assertThat(hostsOf(u)).isEqualTo(1);
  }

  @Test
  void onceTheHubsAreReadyAnEventPublishedOnOneNodeReachesConnectionsOnTheOthersAtTheFirstTry() {
    String v = "v-" + UUID.randomUUID();
    Queue<ClusterEvent> onB = connect(1, v, "conn-b-" + v);
    Queue<ClusterEvent> onC = connect(2, v, "conn-c-" + v);
    ClusterEvent event = ClusterEvent.unpositioned("e-" + v,
        "posted", "{\"post\":\"{\\\"id\\\":\\\"p1\\\"}\"}", Broadcast.toChannelExcept("ch-" + v, "someone-else"), Set.of(v, "w"));

    // No retry: the readiness handshake proved that every node's topics reach every other.
    node(0).bus().publish(event);

    await().atMost(ASK).until(() -> !onB.isEmpty() && !onC.isEmpty());
    assertThat(onB.peek()).isEqualTo(event);
    assertThat(onC.peek()).isEqualTo(event);
  }

  @Test
  void aStatusChangeReachesTheUsersConnectionsOnEveryNode() {
    String w = "w-" + UUID.randomUUID();
    List<Queue<ClusterEvent>> sockets = List.of(connect(0, w, "a-" + w), connect(1, w, "b-" + w), connect(2, w, "c-" + w));

    // Each toggle is a real change, so the entity publishes one status_change per round.
    String[] next = {Status.AWAY};
    await().atMost(GOSSIP_DEADLINE).pollInterval(Duration.ofMillis(300)).until(() -> {
      node(0).presences().setStatus(w, next[0], true, 0).toCompletableFuture().get(ASK.toSeconds(), TimeUnit.SECONDS);
      next[0] = Status.AWAY.equals(next[0]) ? Status.OFFLINE : Status.AWAY;
      return sockets.stream().noneMatch(Queue::isEmpty);
    });

    for (Queue<ClusterEvent> socket : sockets) {
      ClusterEvent first = socket.peek();
      assertThat(first.event()).isEqualTo("status_change");
      assertThat(first.broadcast()).isEqualTo(Broadcast.toUser(w));
      assertThat(first.data()).contains("\"user_id\":\"" + w + "\"");
    }
  }

  @Test
  void aSessionRevokedOnOneNodeIsDroppedFromEveryNodesCache() throws Exception {
    String token = UUID.randomUUID().toString().replace("-", "").substring(0, 26);
    Session session = new Session("sid-" + token, token, 1, 0, 1, "user-1", "", "system_user system_admin", "csrf");
    source.put(session);

    for (Node n : nodes) {
      assertThat(n.sessions().validate(token).toCompletableFuture().get(ASK.toSeconds(), TimeUnit.SECONDS))
          .isEqualTo(new SessionCheck.Valid(session));
    }
    assertThat(source.loads(token)).as("one read per node, then cached").isEqualTo(3);

    source.delete(token);
    node(1).bus().publishNotice("user-1", new SessionsRevoked(List.of(session.id()), List.of(NodeSessions.digest(token)), ""));

    for (Node n : nodes) {
      await().atMost(ASK).until(() -> n.sessions().validate(token).toCompletableFuture().get(ASK.toSeconds(), TimeUnit.SECONDS)
          .equals(new SessionCheck.Invalid()));
    }
  }
}
