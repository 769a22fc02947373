package chorus.sharding.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chorus.protocol.cluster.ClusterEvent;
import chorus.protocol.cluster.SessionsRevoked;
import chorus.protocol.cluster.WriteMark;
import chorus.protocol.ws.Broadcast;
import chorus.protocol.ws.EventType;
import chorus.sharding.ActorSpawner;
import chorus.sharding.connections.ClaimReply;
import chorus.sharding.connections.ConnectionCommand;
import chorus.sharding.events.EventBus;
import chorus.sharding.presence.ConnectionDirectory;
import chorus.sharding.testing.InMemoryChannelEvents;
import chorus.sharding.testing.TestNodes;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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

  private final List<SessionsRevoked> revocations = new CopyOnWriteArrayList<>();
  private final List<WriteMark> marks = new CopyOnWriteArrayList<>();
  private final HubNotices notices = new HubNotices() {
    @Override
    public void sessionsRevoked(SessionsRevoked revoked) {
      revocations.add(revoked);
    }

    @Override
    public void wrote(WriteMark mark) {
      marks.add(mark);
    }
  };
  private InMemoryChannelEvents log;
  private ActorRef<WebSocketHub.Command> hub;
  private String c1a;
  private String c1b;
  private String u1;
  private String u2;
  private String u3;
  private TestProbe<ConnectionCommand> u1a;
  private TestProbe<ConnectionCommand> u1b;
  private TestProbe<ConnectionCommand> u2a;
  private TestProbe<ConnectionCommand> u3a;

  @BeforeAll
  static void start() {
    testKit = TestNodes.singleNode("WebSocketHubTest");
    bus = EventBus.create(ActorSpawner.systemActors(testKit.system()), 4);
    directory = ConnectionDirectory.create(ActorSpawner.systemActors(testKit.system()));
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void registerConnections() throws Exception {
    String run = UUID.randomUUID().toString();
    u1 = "u1-" + run;
    u2 = "u2-" + run;
    u3 = "u3-" + run;
    log = new InMemoryChannelEvents();
    log.store(positioned("known-" + run, 3, Set.of()));
    CompletableFuture<Void> ready = new CompletableFuture<>();
    hub = testKit.spawn(WebSocketHub.create(new WebSocketHub.Deps(bus, directory, log, notices, Clock.systemUTC(), ready),
        "test-node"));
    ready.get(10, TimeUnit.SECONDS);
    c1a = "c1a-" + run;
    c1b = "c1b-" + run;
    u1a = register(u1, c1a, "s1a");
    u1b = register(u1, c1b, "s1b");
    u2a = register(u2, "c2a-" + run, "s2");
    u3a = register(u3, "c3a-" + run, "s3");
    // Answered after the hub subscribed to the bus, so later publishes reach it.
    assertThat(count()).isEqualTo(4);
  }

  @AfterEach
  void stopHub() {
    testKit.stop(hub);
  }

  private TestProbe<ConnectionCommand> register(String userId, String connectionId, String sessionId) {
    TestProbe<ConnectionCommand> probe = testKit.createTestProbe();
    hub.tell(new WebSocketHub.Register(userId, connectionId, sessionId, probe.ref()));
    return probe;
  }

  private int count() {
    TestProbe<Integer> replies = testKit.createTestProbe();
    hub.tell(new WebSocketHub.CountConnections(replies.ref()));
    return replies.receiveMessage(WAIT);
  }

  private static ClusterEvent event(Broadcast broadcast, Set<String> audience) {
    return ClusterEvent.unpositioned(UUID.randomUUID().toString(), "posted", "{}", broadcast, audience);
  }

  private static ClusterEvent positioned(String channel, long position, Set<String> audience) {
    return new ClusterEvent(channel + "@" + position, "posted", "{\"p\":" + position + "}", Broadcast.toChannel(channel),
        audience, position);
  }

  private static ClusterEvent delivered(TestProbe<ConnectionCommand> probe) {
    return ((ConnectionCommand.Deliver) probe.expectMessageClass(ConnectionCommand.Deliver.class, WAIT)).event();
  }

  private static void expectEvent(TestProbe<ConnectionCommand> probe, ClusterEvent event) {
    probe.expectMessage(WAIT, new ConnectionCommand.Deliver(event));
  }

  @Test
  void aUserEventReachesEveryConnectionOfThatUserOnly() {
    ClusterEvent e = event(Broadcast.toUser(u1), null);
    bus.publish(e);

    expectEvent(u1a, e);
    expectEvent(u1b, e);
    u2a.expectNoMessage(QUIET);
    u3a.expectNoMessage(QUIET);
  }

  @Test
  void aChannelEventReachesItsAudienceOnly() {
    ClusterEvent e = event(Broadcast.toChannel("ch-" + u1), Set.of(u1, u3));
    bus.publish(e);

    expectEvent(u1a, e);
    expectEvent(u1b, e);
    expectEvent(u3a, e);
    u2a.expectNoMessage(QUIET);
  }

  @Test
  void aChannelEventWithoutAudienceReachesTheMembersTheHubReadOnceAndFollows() {
    String channel = "indexed-" + u1;
    log.members(channel, Set.of(u1, u3));
    ClusterEvent post = positioned(channel, 1, null);
    log.store(post);
    bus.publish(post);

    expectEvent(u1a, post);
    expectEvent(u1b, post);
    expectEvent(u3a, post);
    u2a.expectNoMessage(QUIET);

    ClusterEvent joined = new ClusterEvent(channel + "@2", EventType.USER_ADDED, "{}", Broadcast.toChannel(channel), null, 2, u2);
    log.store(joined);
    bus.publish(joined);
    expectEvent(u2a, joined);
    expectEvent(u3a, joined);

    ClusterEvent typing = event(Broadcast.toChannel(channel), null);
    bus.publish(typing);
    expectEvent(u2a, typing);
    expectEvent(u3a, typing);
    assertThat(log.memberReads()).as("the members were read once, then followed").isEqualTo(1);
  }

  @Test
  void eventsWithoutAudienceFromSeveralPublishersInAnyOrderNeedOneReadOfTheMembers() {
    String channel = "busy-" + u1;
    log.members(channel, Set.of(u1));
    List<ClusterEvent> posts = new java.util.ArrayList<>();
    for (long p = 1; p <= 6; p++) {
      posts.add(positioned(channel, p, null));
      log.store(posts.get(posts.size() - 1));
    }
    for (int i : new int[] {2, 0, 1, 4, 3, 5}) {
      bus.publish(posts.get(i));
    }

    assertThat(List.of(delivered(u1a), delivered(u1a), delivered(u1a), delivered(u1a), delivered(u1a), delivered(u1a)))
        .extracting(ClusterEvent::position).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    u2a.expectNoMessage(QUIET);
    assertThat(log.memberReads()).isEqualTo(1);
  }

  @Test
  void anEverybodyEventReachesEveryConnection() {
    ClusterEvent e = event(Broadcast.toEveryone(), null);
    bus.publish(e);

    for (TestProbe<ConnectionCommand> probe : List.of(u1a, u1b, u2a, u3a)) {
      expectEvent(probe, e);
    }
  }

  @Test
  void omittedUsersAndConnectionsAreSkipped() {
    ClusterEvent omitUser = event(new Broadcast(Map.of(u1, true), "", "ch-" + u1, "", "", ""), Set.of(u1, u2));
    ClusterEvent omitConnection = event(new Broadcast(null, u1, "", "", "", c1a), null);
    bus.publish(omitUser);
    bus.publish(omitConnection);

    expectEvent(u2a, omitUser);
    expectEvent(u1b, omitConnection);
    u1a.expectNoMessage(QUIET);
    u3a.expectNoMessage(QUIET);
  }

  @Test
  void aConnectionIdEventReachesOnlyThatConnection() {
    ClusterEvent e = event(new Broadcast(null, u1, "", "", c1b, ""), null);
    bus.publish(e);

    expectEvent(u1b, e);
    u1a.expectNoMessage(QUIET);
    u2a.expectNoMessage(QUIET);
  }

  @Test
  void aChannelsEventsLeaveInPositionOrderWhateverOrderTheyArrive() {
    String channel = "ordered-" + u1;
    bus.publish(positioned(channel, 3, Set.of(u1)));
    bus.publish(positioned(channel, 2, Set.of(u1)));
    bus.publish(positioned(channel, 1, Set.of(u1)));

    assertThat(List.of(delivered(u1a).position(), delivered(u1a).position(), delivered(u1a).position()))
        .containsExactly(1L, 2L, 3L);
    assertThat(log.reads()).as("nothing was missing").isZero();
  }

  @Test
  void anEventThePubSubLostIsReadFromTheLog() {
    String channel = "gap-" + u2;
    ClusterEvent lost = positioned(channel, 1, Set.of(u2));
    log.store(lost);
    ClusterEvent next = positioned(channel, 2, Set.of(u2));
    log.store(next);
    bus.publish(next);

    assertThat(delivered(u2a)).isEqualTo(lost);
    assertThat(delivered(u2a)).isEqualTo(next);
    assertThat(log.reads()).isPositive();
  }

  @Test
  void aLostLastEventIsFoundByTheSweep() {
    String channel = "tail-" + u3;
    ClusterEvent lost = positioned(channel, 1, Set.of(u3));
    log.store(lost);

    assertThat(((ConnectionCommand.Deliver) u3a.expectMessageClass(ConnectionCommand.Deliver.class, Duration.ofSeconds(10)))
        .event()).isEqualTo(lost);
  }

  @Test
  void eventsAtOrBeforeAChannelsPositionAtStartAreNotDeliveredAgain() {
    String channel = "known-" + u1.substring(3);
    bus.publish(positioned(channel, 3, Set.of(u1)));
    bus.publish(positioned(channel, 4, Set.of(u1)));

    assertThat(delivered(u1a).position()).isEqualTo(4);
  }

  @Test
  void aClaimForAConnectionHeldHereSurrendersItAndMovesItsEventsToTheClaimant() {
    TestProbe<ConnectionCommand> claimant = testKit.createTestProbe();
    TestProbe<ClaimReply> replies = testKit.createTestProbe();
    TestProbe<WebSocketHub.ClaimPlan> plan = testKit.createTestProbe();

    hub.tell(new WebSocketHub.StartClaim(c1a, u1, "s-new", 7, claimant.ref(), replies.ref(), plan.ref()));

    assertThat(plan.receiveMessage(WAIT).answers()).isEqualTo(1);
    ConnectionCommand.Surrender surrender = u1a.expectMessageClass(ConnectionCommand.Surrender.class, WAIT);
    assertThat(surrender.sequenceNumber()).isEqualTo(7);
    assertThat(surrender.claimant()).isEqualTo(claimant.ref());
    assertThat(replies.receiveMessage(WAIT)).isInstanceOf(ClaimReply.Forwarded.class);
    ClusterEvent e = event(Broadcast.toUser(u1), null);
    bus.publish(e);
    expectEvent(claimant, e);
    expectEvent(u1b, e);
    u1a.expectNoMessage(QUIET);
  }

  @Test
  void aClaimBySomeoneElseOrForAnUnknownIdFindsNothing() {
    TestProbe<ConnectionCommand> claimant = testKit.createTestProbe();
    TestProbe<ClaimReply> replies = testKit.createTestProbe();
    TestProbe<WebSocketHub.ClaimPlan> plan = testKit.createTestProbe();

    hub.tell(new WebSocketHub.StartClaim(c1a, u2, "s2", 1, claimant.ref(), replies.ref(), plan.ref()));

    assertThat(replies.receiveMessage(WAIT)).isInstanceOf(ClaimReply.NotHere.class);
    u1a.expectNoMessage(QUIET);
  }

  @Test
  void aMovedConnectionsEventsAreForwardedToItsNewHolder() {
    TestProbe<ConnectionCommand> elsewhere = testKit.createTestProbe();
    hub.tell(new WebSocketHub.Moved(c1a, u1a.ref(), elsewhere.ref()));
    ClusterEvent e = event(Broadcast.toUser(u1), null);
    bus.publish(e);

    expectEvent(elsewhere, e);
    u1a.expectNoMessage(QUIET);
  }

  @Test
  void aRevokedSessionsConnectionsAreToldAndTheCacheNotified() {
    SessionsRevoked revoked = new SessionsRevoked(List.of("s1a"), List.of(), "");
    bus.publishNotice(u1, revoked);
    bus.publishNotice(u2, new WriteMark(u2, 42));

    u1a.expectMessage(WAIT, new ConnectionCommand.Revoke());
    u1b.expectNoMessage(QUIET);
    await().atMost(WAIT).until(() -> revocations.contains(revoked) && marks.contains(new WriteMark(u2, 42)));
  }

  @Test
  void aBackfillIsReadFromTheLogForTheAskingConnection() {
    String channel = "backfill-" + u3;
    log.store(positioned(channel, 1, Set.of(u3)));
    log.store(positioned(channel, 2, Set.of(u3)));
    log.store(positioned(channel, 3, Set.of(u3)));

    hub.tell(new WebSocketHub.Backfill(channel, 0, 3, u3a.ref()));

    ConnectionCommand.Backfilled filled = u3a.expectMessageClass(ConnectionCommand.Backfilled.class, WAIT);
    assertThat(filled.events()).extracting(ClusterEvent::position).containsExactly(1L, 2L);
    assertThat(filled.complete()).isTrue();
    assertThat(filled.coveredBelow()).isEqualTo(3);
  }

  @Test
  void aStoppedConnectionIsDropped() {
    TestProbe<ConnectionCommand> forwarded = testKit.createTestProbe();
    ActorRef<ConnectionCommand> socket = testKit.spawn(Behaviors.receive(ConnectionCommand.class)
        .onMessage(ConnectionCommand.class, e -> {
          forwarded.ref().tell(e);
          return Behaviors.same();
        })
        .build());
    hub.tell(new WebSocketHub.Register(u2, "socket-" + u2, "s", socket));
    assertThat(count()).isEqualTo(5);

    testKit.stop(socket);

    await().atMost(WAIT).until(() -> count() == 4);
  }

  @Test
  void anUnregisterFromAnotherActorLeavesTheConnectionAlone() {
    hub.tell(new WebSocketHub.Unregister(c1a, u2a.ref()));
    assertThat(count()).isEqualTo(4);
    hub.tell(new WebSocketHub.Unregister(c1a, u1a.ref()));
    assertThat(count()).isEqualTo(3);
  }
}
