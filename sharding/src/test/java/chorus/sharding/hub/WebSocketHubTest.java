package chorus.sharding.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chorus.protocol.cluster.ClusterEvent;
import chorus.protocol.ws.Broadcast;
import chorus.sharding.events.EventBus;
import chorus.sharding.presence.ConnectionDirectory;
import chorus.sharding.testing.TestNodes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebSocketHubTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final Duration QUIET = Duration.ofMillis(150);

  private static ActorTestKit testKit;
  private static EventBus bus;
  private static ConnectionDirectory directory;

  private ActorRef<WebSocketHub.Command> hub;
  private String c1a;
  private String c1b;
  private String u1;
  private String u2;
  private String u3;
  private TestProbe<ClusterEvent> u1a;
  private TestProbe<ClusterEvent> u1b;
  private TestProbe<ClusterEvent> u2a;
  private TestProbe<ClusterEvent> u3a;

  @BeforeAll
  static void start() {
    testKit = TestNodes.singleNode("WebSocketHubTest");
    bus = EventBus.create(testKit.system(), 4);
    directory = ConnectionDirectory.create(testKit.system());
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void registerConnections() {
    String run = UUID.randomUUID().toString();
    u1 = "u1-" + run;
    u2 = "u2-" + run;
    u3 = "u3-" + run;
    hub = testKit.spawn(WebSocketHub.create(bus, directory, "test-node"));
    c1a = "c1a-" + run;
    c1b = "c1b-" + run;
    u1a = register(u1, c1a);
    u1b = register(u1, c1b);
    u2a = register(u2, "c2a-" + run);
    u3a = register(u3, "c3a-" + run);
    // Answered after the hub subscribed to the bus, so later publishes reach it.
    assertThat(count()).isEqualTo(4);
  }

  @AfterEach
  void stopHub() {
    testKit.stop(hub);
  }

  private TestProbe<ClusterEvent> register(String userId, String connectionId) {
    TestProbe<ClusterEvent> probe = testKit.createTestProbe();
    hub.tell(new WebSocketHub.Register(userId, connectionId, probe.ref()));
    return probe;
  }

  private int count() {
    TestProbe<Integer> replies = testKit.createTestProbe();
    hub.tell(new WebSocketHub.CountConnections(replies.ref()));
    return replies.receiveMessage(WAIT);
  }

  private static ClusterEvent event(Broadcast broadcast, Set<String> audience) {
    return new ClusterEvent("posted", "{\"n\":\"" + UUID.randomUUID() + "\"}", broadcast, audience);
  }

  @Test
  void aUserEventReachesEveryConnectionOfThatUserOnly() {
    ClusterEvent e = event(Broadcast.toUser(u1), null);
    bus.publish(e);

    u1a.expectMessage(WAIT, e);
    u1b.expectMessage(WAIT, e);
    u2a.expectNoMessage(QUIET);
    u3a.expectNoMessage(QUIET);
  }

  @Test
  void aChannelEventReachesItsAudienceOnly() {
    ClusterEvent e = event(Broadcast.toChannel("ch-" + u1), Set.of(u1, u3));
    bus.publish(e);

    u1a.expectMessage(WAIT, e);
    u1b.expectMessage(WAIT, e);
    u3a.expectMessage(WAIT, e);
    u2a.expectNoMessage(QUIET);
  }

  @Test
  void anEverybodyEventReachesEveryConnection() {
    ClusterEvent e = event(Broadcast.toEveryone(), null);
    bus.publish(e);

    for (TestProbe<ClusterEvent> probe : List.of(u1a, u1b, u2a, u3a)) {
      probe.expectMessage(WAIT, e);
    }
  }

  @Test
  void omittedUsersAreSkipped() {
    ClusterEvent e = event(new Broadcast(Map.of(u1, true), "", "ch-" + u1, "", "", ""), Set.of(u1, u2));
    bus.publish(e);

    u2a.expectMessage(WAIT, e);
    u1a.expectNoMessage(QUIET);
    u1b.expectNoMessage(QUIET);
    u3a.expectNoMessage(QUIET);
  }

  @Test
  void aConnectionIdEventReachesOnlyThatConnection() {
    ClusterEvent e = event(new Broadcast(null, u1, "", "", c1b, ""), null);
    bus.publish(e);

    u1b.expectMessage(WAIT, e);
    u1a.expectNoMessage(QUIET);
    u2a.expectNoMessage(QUIET);
  }

  @Test
  void anOmittedConnectionIsSkipped() {
    ClusterEvent e = event(new Broadcast(null, u1, "", "", "", c1a), null);
    bus.publish(e);

    u1b.expectMessage(WAIT, e);
    u1a.expectNoMessage(QUIET);
  }

  @Test
  void anUnregisteredConnectionGetsNothing() {
    hub.tell(new WebSocketHub.Unregister(c1a));
    assertThat(count()).isEqualTo(3);

    ClusterEvent e = event(Broadcast.toUser(u1), null);
    bus.publish(e);

    u1b.expectMessage(WAIT, e);
    u1a.expectNoMessage(QUIET);
  }

  @Test
  void aStoppedConnectionIsDropped() {
    TestProbe<ClusterEvent> forwarded = testKit.createTestProbe();
    ActorRef<ClusterEvent> socket = testKit.spawn(Behaviors.receive(ClusterEvent.class)
        .onMessage(ClusterEvent.class, e -> {
          forwarded.ref().tell(e);
          return Behaviors.same();
        })
        .build());
    hub.tell(new WebSocketHub.Register(u2, "socket-" + u2, socket));
    assertThat(count()).isEqualTo(5);

    testKit.stop(socket);

    await().atMost(WAIT).until(() -> count() == 4);
  }

  @Test
  void aConnectionRegisteredThroughAMessageAdapterIsDroppedWhenItsActorStops() {
    TestProbe<String> delivered = testKit.createTestProbe();
    String connectionId = "adapted-" + u3;
    ActorRef<String> socket = testKit.spawn(Behaviors.<String>setup(ctx -> {
      ActorRef<ClusterEvent> adapter = ctx.messageAdapter(ClusterEvent.class, ClusterEvent::data);
      hub.tell(new WebSocketHub.Register(u3, connectionId, adapter));
      return Behaviors.receiveMessage(data -> {
        delivered.ref().tell(data);
        return Behaviors.same();
      });
    }));
    await().atMost(WAIT).until(() -> count() == 5);
    ClusterEvent e = event(new Broadcast(null, u3, "", "", connectionId, ""), null);
    bus.publish(e);
    delivered.expectMessage(WAIT, e.data());

    testKit.stop(socket);

    await().atMost(WAIT).until(() -> count() == 4);
  }

  @Test
  void reRegisteringAConnectionIdMovesItToTheNewActor() {
    TestProbe<ClusterEvent> resumed = testKit.createTestProbe();
    hub.tell(new WebSocketHub.Register(u1, c1a, resumed.ref()));
    assertThat(count()).isEqualTo(4);

    ClusterEvent e = event(Broadcast.toUser(u1), null);
    bus.publish(e);

    resumed.expectMessage(WAIT, e);
    u1b.expectMessage(WAIT, e);
    u1a.expectNoMessage(QUIET);
  }
}
