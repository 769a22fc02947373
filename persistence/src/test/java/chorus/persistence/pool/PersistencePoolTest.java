package chorus.persistence.pool;

import static chorus.persistence.jooq.Tables.SYSTEMS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chorus.persistence.TestDatabase;
import chorus.persistence.TestRecords;
import chorus.persistence.datasources.DataSources;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.awaitility.Awaitility;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PersistencePoolTest {
  @RegisterExtension
  static final TestDatabase db = new TestDatabase();

  private static final int WORKERS = 4;
  private static ActorTestKit testKit;
  private static PersistencePool pool;

  @BeforeAll
  static void startPool() {
    testKit = ActorTestKit.create("PersistencePoolTest", PersistencePool.dispatcherConfig(WORKERS)
        .withFallback(ConfigFactory.parseString("pekko.loglevel = WARNING"))
        .withFallback(ConfigFactory.load()));
    pool = PersistencePool.create(testKit.system(), db.dataSource(), WORKERS);
  }

  @AfterAll
  static void stopPool() {
    testKit.shutdownTestKit();
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static Throwable failureOf(CompletionStage<?> stage) {
    try {
      stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError("the stage did not fail in time", e);
    }
    throw new AssertionError("the stage succeeded");
  }

  private static int insertSystem(DSLContext dsl, String name) {
    return dsl.insertInto(SYSTEMS).set(SYSTEMS.NAME, name).set(SYSTEMS.VALUE, "v").execute();
  }

  private static boolean systemExists(String name) {
    return db.dsl().fetchExists(SYSTEMS, SYSTEMS.NAME.eq(name));
  }

  @Test
  void sqlRunsOnTheDedicatedDispatcherAndCallersContinueElsewhere() throws Exception {
    AtomicReference<String> continuation = new AtomicReference<>();

    String worker = await(pool.read(ReadPreference.PRIMARY, dsl -> Thread.currentThread().getName())
        .whenComplete((value, failure) -> continuation.set(Thread.currentThread().getName())));

    assertThat(worker).contains("persistence-dispatcher");
    assertThat(continuation.get()).doesNotContain("persistence-dispatcher");
  }

  @Test
  void everyReadPreferenceIsServedByThePrimaryForNow() throws Exception {
    for (ReadPreference where : ReadPreference.values()) {
      Boolean inRecovery = await(pool.read(where, dsl -> dsl.fetchValue(DSL.field("pg_is_in_recovery()", Boolean.class))));
      assertThat(inRecovery).as(where.name()).isFalse();
    }
  }

  @Test
  void aWriteCommitsAllOfItsWork() throws Exception {
    String a = TestRecords.id();
    String b = TestRecords.id();

    int rows = await(pool.write(dsl -> insertSystem(dsl, a) + insertSystem(dsl, b)));

    assertThat(rows).isEqualTo(2);
    assertThat(systemExists(a)).isTrue();
    assertThat(systemExists(b)).isTrue();
  }

  @Test
  void aWriteThatThrowsRollsBackAndFailsWithTheOriginalException() {
    String name = TestRecords.id();
    IllegalStateException boom = new IllegalStateException("boom");

    Throwable failure = failureOf(pool.write(dsl -> {
      insertSystem(dsl, name);
      throw boom;
    }));

    assertThat(failure).isSameAs(boom);
    assertThat(systemExists(name)).isFalse();
  }

  @Test
  void uniqueViolationsAreRecognisableAndNotRetried() throws Exception {
    String name = TestRecords.id();
    await(pool.write(dsl -> insertSystem(dsl, name)));
    AtomicInteger attempts = new AtomicInteger();

    Throwable failure = failureOf(pool.write(dsl -> {
      attempts.incrementAndGet();
      return insertSystem(dsl, name);
    }));

    assertThat(PersistencePool.isUniqueViolation(failure)).isTrue();
    assertThat(PersistencePool.isUniqueViolation(new CompletionException(failure))).isTrue();
    assertThat(PersistencePool.violatedConstraint(failure)).contains("systems_pkey");
    assertThat(attempts).hasValue(1);
    assertThat(PersistencePool.isUniqueViolation(new IllegalStateException("23505"))).isFalse();
  }

  @Test
  void serializationFailuresAreRetriedInAFreshTransaction() throws Exception {
    String name = TestRecords.id();
    AtomicInteger attempts = new AtomicInteger();

    int rows = await(pool.write(dsl -> {
      insertSystem(dsl, name);
      if (attempts.incrementAndGet() < SqlRunner.MAX_WRITE_ATTEMPTS) {
        raise(dsl, "serialization_failure");
      }
      return 1;
    }));

    assertThat(rows).isEqualTo(1);
    assertThat(attempts).hasValue(SqlRunner.MAX_WRITE_ATTEMPTS);
    assertThat(systemExists(name)).isTrue();
  }

  @Test
  void deadlocksAreRetriedABoundedNumberOfTimes() {
    AtomicInteger attempts = new AtomicInteger();

    Throwable failure = failureOf(pool.write(dsl -> {
      attempts.incrementAndGet();
      raise(dsl, "deadlock_detected");
      return 1;
    }));

    assertThat(PersistencePool.sqlState(failure)).contains("40P01");
    assertThat(attempts).hasValue(SqlRunner.MAX_WRITE_ATTEMPTS);
  }

  @Test
  void readsAreNotRetried() {
    AtomicInteger attempts = new AtomicInteger();

    Throwable failure = failureOf(pool.read(ReadPreference.REPLICA, dsl -> {
      attempts.incrementAndGet();
      raise(dsl, "serialization_failure");
      return 1;
    }));

    assertThat(PersistencePool.sqlState(failure)).contains("40001");
    assertThat(attempts).hasValue(1);
  }

  @Test
  void noMoreStatementsRunAtOnceThanThereAreWorkers() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    List<CompletableFuture<Integer>> requests = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      requests.add(pool.read(ReadPreference.REPLICA, dsl -> {
        mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
        try {
          return dsl.fetchValue(DSL.field("(SELECT count(*) FROM pg_class)", Integer.class));
        } finally {
          running.decrementAndGet();
        }
      }).toCompletableFuture());
    }

    CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    assertThat(mostAtOnce.get()).isBetween(1, WORKERS);
  }

  @Test
  void requestsBeyondTheQueueBoundFailAtOnce() throws Exception {
    ActorTestKit kit = oneWorkerKit("BoundedPool");
    try {
      PersistencePool small = PersistencePool.create(kit.system(), db.dataSource(), 1);
      CountDownLatch release = new CountDownLatch(1);
      List<CompletableFuture<Integer>> accepted = new ArrayList<>();
      accepted.add(occupyWorker(small, release).toCompletableFuture());
      for (int i = 1; i < PersistencePool.QUEUED_PER_WORKER; i++) {
        accepted.add(small.read(ReadPreference.PRIMARY, dsl -> 1).toCompletableFuture());
      }

      CompletionStage<Integer> rejected = small.read(ReadPreference.PRIMARY, dsl -> 1);

      assertThat(rejected.toCompletableFuture().isCompletedExceptionally()).isTrue();
      assertThat(failureOf(rejected)).isInstanceOf(RejectedExecutionException.class);
      release.countDown();
      CompletableFuture.allOf(accepted.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      Integer after = await(small.read(ReadPreference.PRIMARY, dsl -> 2));
      assertThat(after).isEqualTo(2);
    } finally {
      kit.shutdownTestKit();
    }
  }

  /** With a queue per worker, every second request would wait behind the blocked one. */
  @Test
  void aSlowStatementHoldsUpNoRequestQueuedAfterIt() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CompletionStage<Integer> slow = occupyWorker(pool, release);
    try {
      List<CompletableFuture<Integer>> quick = new ArrayList<>();
      for (int i = 0; i < 4 * WORKERS; i++) {
        quick.add(pool.read(ReadPreference.PRIMARY, dsl -> dsl.fetchValue(DSL.inline(1))).toCompletableFuture());
      }
      CompletableFuture.allOf(quick.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
      assertThat(slow.toCompletableFuture().isDone()).isFalse();
    } finally {
      release.countDown();
    }
    assertThat(await(slow)).isEqualTo(1);
  }

  @Test
  void aRequestThatWaitedPastItsDeadlineFailsWithoutRunning() throws Exception {
    ActorTestKit kit = oneWorkerKit("DeadlinePool");
    try {
      PersistencePool one = PersistencePool.create(kit.system(), "deadline-pool",
          DataSources.primaryOnly(db.dataSource()), 1, Duration.ofMillis(50));
      CountDownLatch release = new CountDownLatch(1);
      CompletionStage<Integer> blocking = occupyWorker(one, release);
      String name = "expired-" + System.nanoTime();
      long queuedAt = System.nanoTime();
      CompletionStage<Integer> expired = one.write(dsl -> insertSystem(dsl, name));
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> System.nanoTime() - queuedAt > Duration.ofMillis(100).toNanos());

      release.countDown();

      assertThat(failureOf(expired)).isInstanceOf(QueueWaitTimeoutException.class);
      assertThat(await(blocking)).isEqualTo(1);
      assertThat(systemExists(name)).isFalse();
      Integer after = await(one.read(ReadPreference.PRIMARY, dsl -> 2));
      assertThat(after).isEqualTo(2);
    } finally {
      kit.shutdownTestKit();
    }
  }

  @Test
  void aSystemWithoutTheDispatcherIsRefused() {
    ActorTestKit kit = ActorTestKit.create("NoDispatcher");
    try {
      assertThatThrownBy(() -> PersistencePool.create(kit.system(), db.dataSource(), 1))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(PersistencePool.DISPATCHER);
    } finally {
      kit.shutdownTestKit();
    }
  }

  @Test
  void dispatcherConfigIsAFixedPool() {
    var config = PersistencePool.dispatcherConfig(7).getConfig(PersistencePool.DISPATCHER);

    assertThat(config.getString("executor")).isEqualTo("thread-pool-executor");
    assertThat(config.getInt("thread-pool-executor.fixed-pool-size")).isEqualTo(7);
    assertThatThrownBy(() -> PersistencePool.dispatcherConfig(0)).isInstanceOf(IllegalArgumentException.class);
  }

  private static void raise(DSLContext dsl, String condition) {
    dsl.execute("DO $$ BEGIN RAISE EXCEPTION 'simulated' USING ERRCODE = '" + condition + "'; END $$");
  }

  /** An actor system whose persistence dispatcher has one thread, for a pool of one worker. */
  private static ActorTestKit oneWorkerKit(String name) {
    return ActorTestKit.create(name, PersistencePool.dispatcherConfig(1)
        .withFallback(ConfigFactory.parseString("pekko.loglevel = WARNING"))
        .withFallback(ConfigFactory.load()));
  }

  /** A read that keeps one of {@code pool}'s workers busy until {@code release}; returns once it runs. */
  private static CompletionStage<Integer> occupyWorker(PersistencePool pool, CountDownLatch release) throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    CompletionStage<Integer> busy = pool.read(ReadPreference.PRIMARY, dsl -> {
      started.countDown();
      awaitLatch(release);
      return 1;
    });
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
    return busy;
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      if (!latch.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never released the worker");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
