package chorus.sharding.presence;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.protocol.api.Status;
import chorus.protocol.cluster.ClusterEvent;
import chorus.protocol.cluster.PresenceStatus;
import chorus.protocol.ws.Broadcast;
import chorus.sharding.ActorSpawner;
import chorus.sharding.events.EventBus;
import chorus.sharding.testing.InMemoryStatusStore;
import chorus.sharding.testing.MutableClock;
import chorus.sharding.testing.TestNodes;
import chorus.sharding.testing.UserEvents;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PresenceEntityTest {
  private static final long NOW = 1_700_000_000_000L;
  private static final Duration AWAY_AFTER = Duration.ofMillis(300);
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final Duration QUIET = Duration.ofMillis(300);

  private static ActorTestKit testKit;
  private static InMemoryStatusStore store;
  private static MutableClock clock;
  private static EventBus bus;
  private static Presences presences;

  @BeforeAll
  static void start() {
    testKit = TestNodes.singleNode("PresenceEntityTest");
    store = new InMemoryStatusStore();
    clock = new MutableClock(NOW);
    bus = EventBus.create(ActorSpawner.systemActors(testKit.system()), 4);
    PresenceEntity.init(testKit.system(), store, bus, ConnectionDirectory.create(ActorSpawner.systemActors(testKit.system())), AWAY_AFTER, clock);
    presences = new Presences(testKit.system(), Duration.ofSeconds(3));
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static String user() {
    return "u-" + UUID.randomUUID();
  }

  private static EntityRef<PresenceEntity.Command> entity(String userId) {
    return ClusterSharding.get(testKit.system()).entityRefFor(PresenceEntity.TYPE_KEY, userId);
  }

  private static PresenceStatus status(String userId) throws Exception {
    return presences.getStatus(userId).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private static void expectStatusChange(TestProbe<ClusterEvent> events, String userId, String status) {
    ClusterEvent event = events.expectMessageClass(ClusterEvent.class, WAIT);
    assertThat(event.event()).isEqualTo("status_change");
    assertThat(event.data()).isEqualTo("{\"status\":\"" + status + "\",\"user_id\":\"" + userId + "\"}");
    assertThat(event.broadcast()).isEqualTo(Broadcast.toUser(userId));
    assertThat(event.audience()).isNull();
  }

  @Test
  void theFirstConnectionMakesTheUserOnlineSavesAndThenAnnounces() throws Exception {
    String u = user();
    TestProbe<ClusterEvent> events = UserEvents.subscribe(testKit, bus, u);

    entity(u).tell(new PresenceEntity.ConnectionOpened("c1", "node-a"));

    expectStatusChange(events, u, Status.ONLINE);
    // Announced only after the save: the row is there by the time the event is seen.
    assertThat(store.get(u)).get().extracting(PresenceStatus::status).isEqualTo(Status.ONLINE);
    PresenceStatus now = status(u);
    assertThat(now.status()).isEqualTo(Status.ONLINE);
    assertThat(now.manual()).isFalse();
    assertThat(now.lastActivityAt()).isEqualTo(clock.millis());
  }

  @Test
  void aSecondConnectionChangesNothingVisible() throws Exception {
    String u = user();
    TestProbe<ClusterEvent> events = UserEvents.subscribe(testKit, bus, u);
    entity(u).tell(new PresenceEntity.ConnectionOpened("c1", "node-a"));
    expectStatusChange(events, u, Status.ONLINE);

    entity(u).tell(new PresenceEntity.ConnectionOpened("c2", "node-b"));

    events.expectNoMessage(QUIET);
    assertThat(status(u).status()).isEqualTo(Status.ONLINE);
    assertThat(store.saves(u)).isEqualTo(1);
  }

  @Test
  void closingTheLastConnectionMakesTheUserOffline() throws Exception {
    String u = user();
    TestProbe<ClusterEvent> events = UserEvents.subscribe(testKit, bus, u);
    presences.connectionOpened(u, "c1");
    presences.connectionOpened(u, "c2");
    expectStatusChange(events, u, Status.ONLINE);

    presences.connectionClosed(u, "c1");
    events.expectNoMessage(QUIET);
    presences.connectionClosed(u, "c2");

    expectStatusChange(events, u, Status.OFFLINE);
    assertThat(store.get(u)).get().extracting(PresenceStatus::status).isEqualTo(Status.OFFLINE);
    assertThat(status(u).status()).isEqualTo(Status.OFFLINE);
  }

  @Test
  void aManualDndSticksAcrossConnectAndDisconnect() throws Exception {
    String u = user();
    TestProbe<ClusterEvent> events = UserEvents.subscribe(testKit, bus, u);
    presences.connectionOpened(u, "c1");
    expectStatusChange(events, u, Status.ONLINE);

    PresenceStatus dnd = presences.setStatus(u, Status.DND, true, 0).toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(dnd.status()).isEqualTo(Status.DND);
    assertThat(dnd.manual()).isTrue();
    expectStatusChange(events, u, Status.DND);

    presences.connectionClosed(u, "c1");
    presences.connectionOpened(u, "c2");
    presences.recordActivity(u);
    events.expectNoMessage(QUIET);
    assertThat(status(u).status()).isEqualTo(Status.DND);
    assertThat(store.get(u)).get().extracting(PresenceStatus::status).isEqualTo(Status.DND);

    PresenceStatus online = presences.setStatus(u, Status.ONLINE, true, 0).toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(online.status()).isEqualTo(Status.ONLINE);
    assertThat(online.manual()).as("there is no manual online").isFalse();
    expectStatusChange(events, u, Status.ONLINE);
  }

  @Test
  void setStatusAnswersTheResultingStatusAndAnAutomaticOneLosesToAManualOne() {
    String u = user();
    TestProbe<PresenceStatus> replies = testKit.createTestProbe();

    entity(u).tell(new PresenceEntity.SetStatus(Status.AWAY, true, 0, replies.ref()));
    PresenceStatus away = replies.expectMessageClass(PresenceStatus.class, WAIT);
    assertThat(away.userId()).isEqualTo(u);
    assertThat(away.status()).isEqualTo(Status.AWAY);
    assertThat(away.manual()).isTrue();
    // The reply came after the save.
    assertThat(store.get(u)).contains(away);

    entity(u).tell(new PresenceEntity.SetStatus(Status.ONLINE, false, 0, replies.ref()));
    assertThat(replies.expectMessageClass(PresenceStatus.class, WAIT)).isEqualTo(away);
  }

  @Test
  void noActivityForAwayAfterMakesTheUserAwayAndActivityBringsThemBack() throws Exception {
    String u = user();
    TestProbe<ClusterEvent> events = UserEvents.subscribe(testKit, bus, u);
    presences.connectionOpened(u, "c1");
    expectStatusChange(events, u, Status.ONLINE);

    // The away check runs every AWAY_AFTER; the clock stands still, so the user stays online.
    events.expectNoMessage(AWAY_AFTER.multipliedBy(3));
    assertThat(status(u).status()).isEqualTo(Status.ONLINE);

    clock.advance(AWAY_AFTER);
    expectStatusChange(events, u, Status.AWAY);
    assertThat(status(u).manual()).isFalse();

    presences.recordActivity(u);
    expectStatusChange(events, u, Status.ONLINE);
  }

  @Test
  void aManualStatusNeverTurnsAway() throws Exception {
    String u = user();
    TestProbe<ClusterEvent> events = UserEvents.subscribe(testKit, bus, u);
    presences.connectionOpened(u, "c1");
    expectStatusChange(events, u, Status.ONLINE);
    presences.setStatus(u, Status.DND, true, 0).toCompletableFuture().get(5, TimeUnit.SECONDS);
    expectStatusChange(events, u, Status.DND);

    clock.advance(AWAY_AFTER.multipliedBy(10));

    events.expectNoMessage(AWAY_AFTER.multipliedBy(3));
    assertThat(status(u).status()).isEqualTo(Status.DND);
  }

  @Test
  void aTimedDndEndsByItself() throws Exception {
    String u = user();
    TestProbe<ClusterEvent> events = UserEvents.subscribe(testKit, bus, u);
    long endSeconds = clock.millis() / 1000 + 1;
    presences.setStatus(u, Status.DND, true, endSeconds).toCompletableFuture().get(5, TimeUnit.SECONDS);
    expectStatusChange(events, u, Status.DND);
    events.expectNoMessage(Duration.ofMillis(1200)); // past the end in real time, not on the clock

    clock.advance(Duration.ofSeconds(2));

    // No connection is open, so the user is offline when dnd is over.
    expectStatusChange(events, u, Status.OFFLINE);
    PresenceStatus ended = status(u);
    assertThat(ended.manual()).isFalse();
    assertThat(ended.dndEndTime()).isZero();
    assertThat(store.get(u)).contains(ended);
  }

  @Test
  void aStoredStatusIsLoadedOnStart() throws Exception {
    String u = user();
    store.put(new PresenceStatus(u, Status.DND, true, 42, 0));
    TestProbe<ClusterEvent> events = UserEvents.subscribe(testKit, bus, u);

    presences.connectionOpened(u, "c1");

    events.expectNoMessage(QUIET);
    assertThat(status(u)).isEqualTo(new PresenceStatus(u, Status.DND, true, clock.millis(), 0));
    assertThat(store.loads(u)).isEqualTo(1);
  }

  @Test
  void anUnknownStatusIsIgnored() throws Exception {
    String u = user();
    PresenceStatus before = status(u);
    PresenceStatus after = presences.setStatus(u, "sleeping", true, 0).toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(after).isEqualTo(before);
    assertThat(after.status()).isEqualTo(Status.OFFLINE);
    assertThat(store.saves(u)).isZero();
  }
}
