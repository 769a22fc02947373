package chorus.sharding.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chorus.protocol.api.Status;
import chorus.protocol.cluster.ClusterEvent;
import chorus.sharding.ActorSpawner;
import chorus.sharding.events.EventBus;
import chorus.sharding.testing.InMemoryStatusStore;
import chorus.sharding.testing.MutableClock;
import chorus.sharding.testing.TestNodes;
import chorus.sharding.testing.UserEvents;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The entity lets go of its state only when it has no connection and nothing left to save. */
class PresencePassivationTest {
  private static final Duration PASSIVATE_AFTER = Duration.ofMillis(300);
  private static final Duration WAIT = Duration.ofSeconds(10);

  private static ActorTestKit testKit;
  private static InMemoryStatusStore store;
  private static EventBus bus;
  private static Presences presences;

  @BeforeAll
  static void start() {
    testKit = TestNodes.singleNode("PresencePassivationTest");
    store = new InMemoryStatusStore();
    bus = EventBus.create(ActorSpawner.systemActors(testKit.system()), 2);
    PresenceEntity.init(testKit.system(), store, bus, ConnectionDirectory.create(ActorSpawner.systemActors(testKit.system())), Duration.ofHours(1),
        PASSIVATE_AFTER, PresenceEntity.DEFAULT_SETTLE_AFTER, new MutableClock(1_000_000L));
    presences = new Presences(testKit.system(), Duration.ofSeconds(3));
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static Set<String> liveEntities() {
    TestProbe<ShardRegion.CurrentShardRegionState> probe = testKit.createTestProbe();
    ClusterSharding.get(testKit.system()).shardState().tell(new GetShardRegionState(PresenceEntity.TYPE_KEY, probe.ref()));
    return probe.receiveMessage(WAIT).getShards().stream()
        .flatMap(shard -> shard.getEntityIds().stream())
        .collect(Collectors.toSet());
  }

  private static void expectStatus(TestProbe<ClusterEvent> events, String status) {
    assertThat(events.expectMessageClass(ClusterEvent.class, WAIT).data()).contains("\"status\":\"" + status + "\"");
  }

  @Test
  void anEntityWithAnOpenConnectionStaysAndAnIdleOneLetsGo() throws Exception {
    String u = "u-" + UUID.randomUUID();
    TestProbe<ClusterEvent> events = UserEvents.subscribe(testKit, bus, u);
    presences.connectionOpened(u, "c1");
    expectStatus(events, Status.ONLINE);

    events.expectNoMessage(PASSIVATE_AFTER.multipliedBy(3));
    assertThat(liveEntities()).contains(u);

    presences.connectionClosed(u, "c1");
    expectStatus(events, Status.OFFLINE);
    await().atMost(WAIT).until(() -> !liveEntities().contains(u));

    // The next incarnation starts from the stored status.
    assertThat(presences.getStatus(u).toCompletableFuture().get(5, TimeUnit.SECONDS).status()).isEqualTo(Status.OFFLINE);
    assertThat(store.loads(u)).isEqualTo(2);
  }

  @Test
  void aFailedSaveIsStillAnnouncedAndIsWrittenBeforeTheEntityLetsGo() {
    String u = "u-" + UUID.randomUUID();
    TestProbe<ClusterEvent> events = UserEvents.subscribe(testKit, bus, u);
    store.failSaves(true);
    try {
      presences.connectionOpened(u, "c1");
      expectStatus(events, Status.ONLINE);
      presences.connectionClosed(u, "c1");
      expectStatus(events, Status.OFFLINE);
      assertThat(store.get(u)).isEmpty();

      events.expectNoMessage(PASSIVATE_AFTER.multipliedBy(3));
      assertThat(liveEntities()).as("unsaved state is kept").contains(u);
    } finally {
      store.failSaves(false);
    }

    await().atMost(WAIT).until(() -> store.get(u).isPresent());
    assertThat(store.get(u).get().status()).isEqualTo(Status.OFFLINE);
    await().atMost(WAIT).until(() -> !liveEntities().contains(u));
  }
}
