package chorus.persistence.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chorus.persistence.TestDatabase;
import chorus.persistence.TestRecords;
import chorus.protocol.api.Job;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JobRepositoryTest {
  @RegisterExtension
  static final TestDatabase db = new TestDatabase();

  private static final long LONG_LEASE = 60_000;

  private final JobRepository jobs = new JobRepository();

  /** Each test claims only its own type, so tests sharing the database never take each other's jobs. */
  private static String type() {
    return "t" + TestRecords.id().substring(0, 20);
  }

  @Test
  void concurrentClaimersTakeEveryJobExactlyOnce() throws Exception {
    String type = type();
    int count = 40;
    for (int i = 0; i < count; i++) {
      jobs.insert(db.dsl(), TestRecords.id(), type, Map.of("n", Integer.toString(i)));
    }
    int claimers = 6;
    ExecutorService threads = Executors.newFixedThreadPool(claimers);
    CountDownLatch start = new CountDownLatch(1);
    List<String> claimed = Collections.synchronizedList(new ArrayList<>());
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < claimers; c++) {
        String node = "node" + c;
        running.add(threads.submit(() -> {
          start.await();
          while (true) {
            Optional<ClaimedJob> job = db.transaction(dsl -> jobs.claim(dsl, List.of(type), node, LONG_LEASE));
            if (job.isEmpty()) {
              return null;
            }
            claimed.add(job.get().job().id());
          }
        }));
      }
      start.countDown();
      for (Future<?> f : running) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }

    assertThat(claimed).hasSize(count).doesNotHaveDuplicates();
    assertThat(jobs.page(db.dsl(), List.of(type), Optional.of(Job.IN_PROGRESS), 0, 100)).hasSize(count);
  }

  @Test
  void aClaimStartsTheJobWithTheNextFenceAndOnlyForItsTypes() {
    String type = type();
    Job created = jobs.insert(db.dsl(), TestRecords.id(), type, Map.of());
    assertThat(jobs.claim(db.dsl(), List.of(type()), "n1", LONG_LEASE)).isEmpty();

    ClaimedJob claimed = jobs.claim(db.dsl(), List.of(type), "n1", LONG_LEASE).orElseThrow();

    assertThat(claimed.job().id()).isEqualTo(created.id());
    assertThat(claimed.job().status()).isEqualTo(Job.IN_PROGRESS);
    assertThat(claimed.job().startAt()).isPositive();
    assertThat(claimed.fence()).isEqualTo(1);
    assertThat(jobs.claim(db.dsl(), List.of(type), "n2", LONG_LEASE)).isEmpty();
  }

  @Test
  void anExpiredLeaseIsReclaimedAndTheOldWorkersWritesAreFencedOff() {
    String type = type();
    Job created = jobs.insert(db.dsl(), TestRecords.id(), type, Map.of());
    ClaimedJob first = jobs.claim(db.dsl(), List.of(type), "n1", 1).orElseThrow();
    assertThat(jobs.heartbeat(db.dsl(), created.id(), first.fence(), 1,
        Optional.of(new JobRepository.Progress(40, Map.of("cursor", "c7"))))).contains(Job.IN_PROGRESS);

    await().atMost(Duration.ofSeconds(10)).until(() -> jobs.reclaimExpired(db.dsl()) > 0
        || jobs.status(db.dsl(), created.id()).orElseThrow().equals(Job.PENDING));
    ClaimedJob second = jobs.claim(db.dsl(), List.of(type), "n2", LONG_LEASE).orElseThrow();

    assertThat(second.fence()).isEqualTo(first.fence() + 1);
    assertThat(second.job().data()).containsEntry("cursor", "c7");
    assertThat(second.job().progress()).isEqualTo(40);
    assertThat(jobs.heartbeat(db.dsl(), created.id(), first.fence(), LONG_LEASE,
        Optional.of(new JobRepository.Progress(90, Map.of("cursor", "stale"))))).isEmpty();
    assertThat(jobs.finish(db.dsl(), created.id(), first.fence(), Job.SUCCESS, 100, Map.of())).isFalse();
    assertThat(jobs.findById(db.dsl(), created.id()).orElseThrow().data()).containsEntry("cursor", "c7");
    assertThat(jobs.finish(db.dsl(), created.id(), second.fence(), Job.SUCCESS, 100, Map.of("done", "yes"))).isTrue();
    assertThat(jobs.findById(db.dsl(), created.id()).orElseThrow())
        .extracting(Job::status, Job::progress).containsExactly(Job.SUCCESS, 100L);
  }

  @Test
  void aRenewedLeaseIsNotReclaimed() {
    String type = type();
    Job created = jobs.insert(db.dsl(), TestRecords.id(), type, Map.of());
    ClaimedJob claimed = jobs.claim(db.dsl(), List.of(type), "n1", LONG_LEASE).orElseThrow();

    jobs.reclaimExpired(db.dsl());

    assertThat(jobs.status(db.dsl(), created.id())).contains(Job.IN_PROGRESS);
    assertThat(jobs.heartbeat(db.dsl(), created.id(), claimed.fence(), LONG_LEASE, Optional.empty())).contains(Job.IN_PROGRESS);
  }

  @Test
  void aSlotGetsOneJobEverAndWaitsWhileAnotherJobOfTheTypeRuns() throws Exception {
    String type = type();
    Job slot1 = jobs.insertForSlot(db.dsl(), TestRecords.id(), type, "s1", Map.of()).orElseThrow();
    assertThat(jobs.insertForSlot(db.dsl(), TestRecords.id(), type, "s1", Map.of())).isEmpty();
    assertThat(jobs.insertForSlot(db.dsl(), TestRecords.id(), type, "s2", Map.of())).as("s1 still pending").isEmpty();
    assertThat(jobs.slotTaken(db.dsl(), type, "s1")).isTrue();
    assertThat(jobs.slotTaken(db.dsl(), type, "s2")).isFalse();

    ClaimedJob claimed = jobs.claim(db.dsl(), List.of(type), "n1", LONG_LEASE).orElseThrow();
    jobs.finish(db.dsl(), slot1.id(), claimed.fence(), Job.SUCCESS, 100, Map.of());

    assertThat(jobs.insertForSlot(db.dsl(), TestRecords.id(), type, "s1", Map.of())).as("a finished slot").isEmpty();
    assertThat(jobs.insertForSlot(db.dsl(), TestRecords.id(), type, "s2", Map.of())).isPresent();
  }

  @Test
  void leadersRacingForOneSlotCreateOneJob() throws Exception {
    String type = type();
    ExecutorService threads = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Optional<Job>>> tries = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        tries.add(threads.submit(() -> {
          start.await();
          return db.transaction(dsl -> jobs.insertForSlot(dsl, TestRecords.id(), type, "slot", Map.of()));
        }));
      }
      start.countDown();
      int created = 0;
      for (Future<Optional<Job>> t : tries) {
        created += t.get(30, TimeUnit.SECONDS).isPresent() ? 1 : 0;
      }
      assertThat(created).isEqualTo(1);
      assertThat(jobs.page(db.dsl(), List.of(type), Optional.empty(), 0, 100)).hasSize(1);
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void cancelEndsAPendingJobAtOnceAndAsksARunningOneToStop() {
    String type = type();
    Job pending = jobs.insert(db.dsl(), TestRecords.id(), type, Map.of());
    assertThat(jobs.requestCancel(db.dsl(), pending.id()).orElseThrow().status()).isEqualTo(Job.CANCELED);
    assertThat(jobs.claim(db.dsl(), List.of(type), "n1", LONG_LEASE)).isEmpty();

    Job running = jobs.insert(db.dsl(), TestRecords.id(), type, Map.of());
    ClaimedJob claimed = jobs.claim(db.dsl(), List.of(type), "n1", LONG_LEASE).orElseThrow();
    assertThat(jobs.requestCancel(db.dsl(), running.id()).orElseThrow().status()).isEqualTo(Job.CANCEL_REQUESTED);
    assertThat(jobs.heartbeat(db.dsl(), running.id(), claimed.fence(), LONG_LEASE, Optional.empty())).contains(Job.CANCEL_REQUESTED);
    assertThat(jobs.finish(db.dsl(), running.id(), claimed.fence(), Job.CANCELED, 0, Map.of())).isTrue();

    assertThat(jobs.requestCancel(db.dsl(), running.id())).as("already finished").isEmpty();
    assertThat(jobs.requestCancel(db.dsl(), TestRecords.id())).isEmpty();
  }

  @Test
  void aCanceledJobWhoseWorkerDiedEndsCanceledAndAReleasedJobIsPendingAgain() {
    String type = type();
    Job dying = jobs.insert(db.dsl(), TestRecords.id(), type, Map.of());
    jobs.claim(db.dsl(), List.of(type), "n1", 1).orElseThrow();
    jobs.requestCancel(db.dsl(), dying.id());
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      jobs.reclaimExpired(db.dsl());
      return jobs.status(db.dsl(), dying.id()).orElseThrow().equals(Job.CANCELED);
    });

    Job released = jobs.insert(db.dsl(), TestRecords.id(), type, Map.of());
    ClaimedJob claimed = jobs.claim(db.dsl(), List.of(type), "n1", LONG_LEASE).orElseThrow();
    assertThat(jobs.release(db.dsl(), released.id(), claimed.fence())).isTrue();
    assertThat(jobs.status(db.dsl(), released.id())).contains(Job.PENDING);
    assertThat(jobs.release(db.dsl(), released.id(), claimed.fence())).isFalse();
  }

  @Test
  void cleanupDeletesOldFinishedJobsButKeepsActiveOnesAndEachTypesNewestSlot() {
    String type = type();
    Job oldFinished = finished(type, null);
    Job oldSlotOlder = finished(type, "s1");
    Job oldSlotNewest = finished(type, "s2");
    Job recentFinished = finished(type, null);
    Job oldPending = jobs.insert(db.dsl(), TestRecords.id(), type, Map.of());
    long day = Duration.ofDays(1).toMillis();
    for (Job j : List.of(oldFinished, oldSlotOlder, oldSlotNewest, oldPending)) {
      db.dsl().execute("update jobs set create_at = create_at - ? where id = ?", 3 * day, j.id());
    }
    db.dsl().execute("update jobs set create_at = create_at + 1 where id = ?", oldSlotNewest.id());

    while (jobs.deleteFinishedOlderThan(db.dsl(), 2 * day, 1) > 0) {
      // batches of one show the limit holds
    }

    assertThat(jobs.findById(db.dsl(), oldFinished.id())).isEmpty();
    assertThat(jobs.findById(db.dsl(), oldSlotOlder.id())).isEmpty();
    assertThat(jobs.findById(db.dsl(), oldSlotNewest.id())).isPresent();
    assertThat(jobs.findById(db.dsl(), oldPending.id())).isPresent();
    assertThat(jobs.findById(db.dsl(), recentFinished.id())).isPresent();
  }

  @Test
  void pagesAreNewestFirstAndFilterByTypeAndStatus() {
    String a = type();
    String b = type();
    Job first = jobs.insert(db.dsl(), TestRecords.id(), a, Map.of("k", "v"));
    Job second = jobs.insert(db.dsl(), TestRecords.id(), a, Map.of());
    jobs.insert(db.dsl(), TestRecords.id(), b, Map.of());
    db.dsl().execute("update jobs set create_at = create_at - 1000 where id = ?", first.id());

    assertThat(jobs.page(db.dsl(), List.of(a), Optional.empty(), 0, 10)).extracting(Job::id).containsExactly(second.id(), first.id());
    assertThat(jobs.page(db.dsl(), List.of(a), Optional.empty(), 1, 1)).extracting(Job::id).containsExactly(first.id());
    assertThat(jobs.page(db.dsl(), List.of(a, b), Optional.of(Job.PENDING), 0, 10)).hasSize(3);
    assertThat(jobs.findById(db.dsl(), first.id()).orElseThrow().data()).isEqualTo(Map.of("k", "v"));
  }

  private Job finished(String type, String slot) {
    Job job = slot == null ? jobs.insert(db.dsl(), TestRecords.id(), type, Map.of())
        : jobs.insertForSlot(db.dsl(), TestRecords.id(), type, slot, Map.of()).orElseThrow();
    ClaimedJob claimed = jobs.claim(db.dsl(), List.of(type), "n1", LONG_LEASE).orElseThrow();
    assertThat(claimed.job().id()).isEqualTo(job.id());
    jobs.finish(db.dsl(), job.id(), claimed.fence(), Job.SUCCESS, 100, Map.of());
    return job;
  }
}
