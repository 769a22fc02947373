package chorus.persistence.datasources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chorus.persistence.pool.PersistencePool;
import chorus.persistence.pool.ReadPreference;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A replica stopped under load: no read fails, and the rest go to the replica that is left. Stops a standby, so it has its own cluster. */
class ReplicaFailoverTest {
  @RegisterExtension
  static final ReplicationCluster cluster = new ReplicationCluster(2, 0);

  private static final int WORKERS = 4;
  private static final int CLIENTS = 8;
  private static ActorTestKit testKit;

  @BeforeAll
  static void startActors() {
    testKit = ActorTestKit.create("ReplicaFailoverTest", PersistencePool.dispatcherConfig(WORKERS)
        .withFallback(ConfigFactory.parseString("pekko.loglevel = WARNING"))
        .withFallback(ConfigFactory.load()));
  }

  @AfterAll
  static void stopActors() {
    testKit.shutdownTestKit();
  }

  @Test
  void stoppingAReplicaMidLoadFailsNoRead() throws Exception {
    try (DataSources sources = DataSources.open(cluster.plan(ReplicationCluster.settings(10_000)))) {
      PersistencePool pool = PersistencePool.create(testKit.system(), sources, WORKERS);
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicInteger succeeded = new AtomicInteger();
      AtomicLong worstMillis = new AtomicLong();
      ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
      ConcurrentLinkedQueue<Integer> portsAfterStop = new ConcurrentLinkedQueue<>();
      AtomicBoolean stopped = new AtomicBoolean();
      List<CompletableFuture<Void>> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        clients.add(CompletableFuture.runAsync(() -> {
          while (running.get()) {
            boolean afterStop = stopped.get();
            long start = System.nanoTime();
            try {
              Answering answer = pool.read(ReadPreference.REPLICA, Answering::of).toCompletableFuture().get(30, TimeUnit.SECONDS);
              worstMillis.accumulateAndGet(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), Math::max);
              succeeded.incrementAndGet();
              if (afterStop) {
                portsAfterStop.add(answer.port());
              }
            } catch (Exception e) {
              failures.add(e);
            }
          }
        }));
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> succeeded.get() >= 200);
      cluster.replica(0).close();
      stopped.set(true);
      int atStop = succeeded.get();
      await().atMost(Duration.ofSeconds(30)).until(() -> succeeded.get() >= atStop + 500);
      running.set(false);
      CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

      assertThat(failures).isEmpty();
      assertThat(sources.status().get(1).healthy()).isFalse();
      // Reads that started after the stop may have tried replica 0 once; all were answered elsewhere.
      assertThat(portsAfterStop).isNotEmpty().doesNotContain(cluster.replica(0).port());
      System.out.printf("replica stopped under %d concurrent readers: %d reads before, %d after, 0 failed, worst read %d ms%n",
          CLIENTS, atStop, succeeded.get() - atStop, worstMillis.get());
    }
  }
}
