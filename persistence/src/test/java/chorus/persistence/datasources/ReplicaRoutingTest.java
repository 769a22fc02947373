package chorus.persistence.datasources;

import static chorus.persistence.jooq.Tables.SYSTEMS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chorus.persistence.pool.PersistencePool;
import chorus.persistence.pool.ReadPreference;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Routing over a real primary, two streaming read replicas and one search replica. */
class ReplicaRoutingTest {
  @RegisterExtension
  static final ReplicationCluster cluster = new ReplicationCluster(2, 1);

  private static final int WORKERS = 4;
  private static ActorTestKit testKit;

  @BeforeAll
  static void startActors() {
    testKit = ActorTestKit.create("ReplicaRoutingTest", PersistencePool.dispatcherConfig(WORKERS)
        .withFallback(ConfigFactory.parseString("pekko.loglevel = WARNING"))
        .withFallback(ConfigFactory.load()));
  }

  @AfterAll
  static void stopActors() {
    testKit.shutdownTestKit();
  }

  private static <T> T result(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void eachPreferenceIsAnsweredByTheServerItIsRoutedTo() throws Exception {
    try (DataSources sources = DataSources.open(cluster.plan(ReplicationCluster.settings(10_000)))) {
      PersistencePool pool = PersistencePool.create(testKit.system(), sources, WORKERS);

      assertThat(result(pool.read(ReadPreference.PRIMARY, Answering::of)))
          .isEqualTo(new Answering(false, cluster.primary().port()));
      assertThat(result(pool.write(Answering::of))).isEqualTo(new Answering(false, cluster.primary().port()));

      Set<Answering> replicaAnswers = new HashSet<>();
      for (int i = 0; i < 6; i++) {
        replicaAnswers.add(result(pool.read(ReadPreference.REPLICA, Answering::of)));
      }
      assertThat(replicaAnswers).containsExactlyInAnyOrder(
          new Answering(true, cluster.replica(0).port()), new Answering(true, cluster.replica(1).port()));

      Set<Answering> searchAnswers = new HashSet<>();
      for (int i = 0; i < 4; i++) {
        searchAnswers.add(result(pool.read(ReadPreference.SEARCH, Answering::of)));
      }
      assertThat(searchAnswers).containsExactly(new Answering(true, cluster.searchReplica(0).port()));
    }
  }

  @Test
  void statusReportsEverySourceWithItsCounters() throws Exception {
    try (DataSources sources = DataSources.open(cluster.plan(ReplicationCluster.settings(10_000)))) {
      PersistencePool pool = PersistencePool.create(testKit.system(), sources, WORKERS);
      result(pool.read(ReadPreference.SEARCH, Answering::of));

      assertThat(sources.status()).extracting(SourceStatus::name, SourceStatus::role, SourceStatus::healthy)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("primary", SourceRole.PRIMARY, true),
              org.assertj.core.groups.Tuple.tuple("replica-0", SourceRole.REPLICA, true),
              org.assertj.core.groups.Tuple.tuple("replica-1", SourceRole.REPLICA, true),
              org.assertj.core.groups.Tuple.tuple("search-replica-0", SourceRole.SEARCH_REPLICA, true));
      SourceStatus search = sources.status().get(3);
      assertThat(search.queries()).isEqualTo(1);
      assertThat(search.lagMillis()).isGreaterThanOrEqualTo(0);
      assertThat(search.total()).isGreaterThan(0);
    }
  }

  /**
   * A replica told to replay 3 s late falls behind; the probe takes it out once its lag passes
   * the 500 ms limit, reads then only reach the other replica, and a read on the primary sees
   * the write at once. When the delay is lifted it catches up and comes back.
   */
  @Test
  void aLaggingReplicaLeavesRotationAndComesBackWhenCaughtUp() throws Exception {
    try (DataSources sources = DataSources.open(cluster.plan(ReplicationCluster.settings(500)))) {
      PersistencePool pool = PersistencePool.create(testKit.system(), sources, WORKERS);
      cluster.replica(1).delayReplay(Duration.ofSeconds(3));
      try {
        // The delay reaches the standby's replay asynchronously (a reload signal), so keep
        // writing until one write is held back; each probe then sees the lag.
        long[] lastWrite = new long[1];
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
          String name = "lag-" + UUID.randomUUID();
          result(pool.write(dsl -> dsl.insertInto(SYSTEMS).set(SYSTEMS.NAME, name).set(SYSTEMS.VALUE, "v").execute()));
          lastWrite[0] = System.nanoTime();
          boolean onPrimary = result(pool.read(ReadPreference.PRIMARY, dsl -> dsl.fetchExists(SYSTEMS, SYSTEMS.NAME.eq(name))));
          assertThat(onPrimary).isTrue();
          sources.probeNow();
          assertThat(sources.status().get(2).healthy()).isFalse();
        });
        long outAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastWrite[0]);
        assertThat(sources.status().get(2).lastError()).contains("exceeds the limit of 500 ms");
        // Out of rotation before the delayed replay could have shown the row there.
        assertThat(outAfterMillis).isLessThan(3_000);
        for (int i = 0; i < 4; i++) {
          assertThat(result(pool.read(ReadPreference.REPLICA, Answering::of)).port()).isEqualTo(cluster.replica(0).port());
        }
      } finally {
        cluster.replica(1).delayReplay(Duration.ZERO);
      }
      await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
        sources.probeNow();
        assertThat(sources.status().get(2).healthy()).isTrue();
      });
    }
  }

  @Test
  void recycleSwapsThePoolsWhileARunningQueryFinishesOnTheOldOne() throws Exception {
    try (DataSources sources = DataSources.open(cluster.plan(ReplicationCluster.settings(10_000)))) {
      PersistencePool pool = PersistencePool.create(testKit.system(), sources, WORKERS);
      long before = sources.generation();
      CompletionStage<Integer> slow = pool.read(ReadPreference.PRIMARY,
          dsl -> { dsl.execute("SELECT pg_sleep(1)"); return Answering.of(dsl).port(); });
      await().atMost(Duration.ofSeconds(10)).until(() -> sources.status().get(0).active() == 1);

      sources.recycle();

      assertThat(sources.generation()).isEqualTo(before + 1);
      assertThat(result(slow)).isEqualTo(cluster.primary().port());
      assertThat(result(pool.read(ReadPreference.REPLICA, Answering::of)).inRecovery()).isTrue();
      assertThat(sources.status()).allSatisfy(status -> assertThat(status.healthy()).isTrue());
    }
  }

  @Test
  void aPlanWhosePrimaryCannotBeReachedIsRefusedAndTheOldSourcesStay() throws Exception {
    try (DataSources sources = DataSources.open(cluster.plan(ReplicationCluster.settings(10_000)))) {
      PersistencePool pool = PersistencePool.create(testKit.system(), sources, WORKERS);
      SourcePlan current = sources.plan();
      assertThat(sources.apply(current)).isFalse();

      int closedPort;
      try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
        closedPort = socket.getLocalPort();
      }
      SourcePlan unreachable = new SourcePlan(new chorus.persistence.db.JdbcTarget(
          "jdbc:postgresql://127.0.0.1:" + closedPort + "/postgres?connectTimeout=2", "postgres", ""),
          current.replicas(), current.searchReplicas(), current.settings());
      long generation = sources.generation();
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> sources.apply(unreachable)).isInstanceOf(RuntimeException.class);

      assertThat(sources.generation()).isEqualTo(generation);
      assertThat(sources.plan()).isEqualTo(current);
      assertThat(result(pool.write(Answering::of)).port()).isEqualTo(cluster.primary().port());
    }
  }
}
