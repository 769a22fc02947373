package chorus.management.jobs;

import chorus.persistence.jobs.ClaimedJob;
import chorus.persistence.jobs.JobRepository;
import chorus.persistence.pool.PersistencePool;
import chorus.protocol.api.Job;
import chorus.protocol.config.JobSettings;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs on a node with {@code JobSettings.RunJobs}: every {@code PollIntervalMilliseconds} it
 * hands expired leases back ({@link JobRepository#reclaimExpired}) and claims pending jobs of the
 * types it has a {@link JobRunner} for, up to {@code MaxConcurrentJobs} at once; each runs on the
 * dedicated dispatcher {@value #DISPATCHER} (as many threads as jobs), never on a dispatcher that
 * serves requests. While a job runs its lease is renewed every third of the lease (at most every
 * 2 s), which is also how a cancel request or a takeover reaches it (see {@link RunningJob}).
 *
 * <p>Connection budget: jobs use the node's {@link PersistencePool}, one statement at a time per
 * job, so jobs hold at most {@code MaxConcurrentJobs} of the pool's {@code MaxOpenConns}
 * connections at any moment and requests always have the rest. That bound is why a separate
 * Hikari pool is not needed: it would reserve connections that sit idle almost all day (jobs run
 * a few minutes a day), and the primary's connection limit must then cover both pools. Batches
 * are sized by the job's settings ({@code BatchSize}) and spaced by
 * {@code TimeBetweenBatchesMilliseconds}, so one statement never holds a connection for long.
 *
 * <p>A runner that returns ends its job {@code success}/{@code warning}; one that throws ends it
 * {@code error} (progress −1, message in {@code data.error}); a cancel ends it {@code canceled};
 * a takeover ends nothing (the other worker owns the row). When the node drains it stops
 * claiming; when it stops it hands its running jobs back as pending, so another node resumes
 * them at their last checkpoint at once instead of after the lease.
 */
public final class JobWorker {
  public static final String DISPATCHER = "chorus.jobs-dispatcher";
  private static final Logger log = LoggerFactory.getLogger(JobWorker.class);
  private static final Duration MAX_HEARTBEAT = Duration.ofSeconds(2);
  private static final Duration STOP_WAIT = Duration.ofSeconds(10);

  /**
   * @param accepting false while the node drains: no new claims
   */
  public record Deps(PersistencePool pool, JobRepository jobs, List<JobRunner> runners, String nodeId, JobSettings settings,
      BooleanSupplier accepting) {}

  private final Deps deps;
  private final Map<String, JobRunner> runners;
  private final Executor executor;
  private final Set<RunningJob> running = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean polling = new AtomicBoolean();
  private final CompletableFuture<Done> idle = new CompletableFuture<>();
  private volatile boolean stopped;
  private Cancellable pollTimer;
  private Cancellable heartbeatTimer;

  private JobWorker(Deps deps, Map<String, JobRunner> runners, Executor executor) {
    this.deps = deps;
    this.runners = runners;
    this.executor = executor;
  }

  /** The dispatcher jobs run on: one thread per job this node may run at once. */
  public static Config dispatcherConfig(int threads) {
    return ConfigFactory.parseString(DISPATCHER + " {\n"
        + "  type = Dispatcher\n"
        + "  executor = \"thread-pool-executor\"\n"
        + "  thread-pool-executor { fixed-pool-size = " + Math.max(1, threads) + " }\n"
        + "  throughput = 1\n"
        + "}\n");
  }

  public static JobWorker start(ActorSystem<?> system, Deps deps) {
    Map<String, JobRunner> byType = new LinkedHashMap<>();
    for (JobRunner runner : deps.runners()) {
      if (byType.put(runner.type(), runner) != null) {
        throw new IllegalArgumentException("two job runners for type " + runner.type());
      }
    }
    if (!system.settings().config().hasPath(DISPATCHER)) {
      throw new IllegalStateException("the actor system has no " + DISPATCHER + "; merge JobWorker.dispatcherConfig into its config");
    }
    JobWorker worker = new JobWorker(deps, Map.copyOf(byType), system.dispatchers().lookup(DispatcherSelector.fromConfig(DISPATCHER)));
    Duration poll = deps.settings().pollInterval();
    Duration firstPoll = Duration.ofMillis(ThreadLocalRandom.current().nextLong(Math.max(1, poll.toMillis())));
    Duration lease = deps.settings().lease();
    Duration heartbeat = lease.dividedBy(3).compareTo(MAX_HEARTBEAT) < 0 ? lease.dividedBy(3) : MAX_HEARTBEAT;
    worker.pollTimer = system.scheduler().scheduleWithFixedDelay(firstPoll, poll, worker::poll, system.executionContext());
    worker.heartbeatTimer = system.scheduler().scheduleWithFixedDelay(heartbeat, heartbeat,
        () -> worker.running.forEach(RunningJob::heartbeat), system.executionContext());
    log.info("Job worker {} runs {} (at most {} at once)", deps.nodeId(), byType.keySet(), deps.settings().maxConcurrentJobs());
    return worker;
  }

  /** The types this node runs. */
  public Set<String> types() {
    return runners.keySet();
  }

  private void poll() {
    if (stopped || !deps.accepting().getAsBoolean() || !polling.compareAndSet(false, true)) {
      return;
    }
    deps.pool().write(deps.jobs()::reclaimExpired)
        .thenAccept(reclaimed -> {
          if (reclaimed > 0) {
            log.warn("{} job(s) whose worker stopped renewing its lease were handed back", reclaimed);
          }
        })
        .thenCompose(ignored -> claimUpToCapacity())
        .whenComplete((done, failure) -> {
          polling.set(false);
          if (failure != null) {
            log.warn("Looking for pending jobs failed; trying again at the next poll: {}", failure.toString());
          }
        });
  }

  private CompletionStage<Void> claimUpToCapacity() {
    if (stopped || !deps.accepting().getAsBoolean() || running.size() >= deps.settings().maxConcurrentJobs()) {
      return CompletableFuture.completedFuture(null);
    }
    return deps.pool().write(dsl -> deps.jobs().claim(dsl, runners.keySet(), deps.nodeId(), deps.settings().leaseMilliseconds()))
        .thenCompose(claimed -> {
          if (claimed.isEmpty()) {
            return CompletableFuture.completedFuture(null);
          }
          launch(claimed.get());
          return claimUpToCapacity();
        });
  }

  private void launch(ClaimedJob claimed) {
    RunningJob job = new RunningJob(claimed, deps.pool(), deps.jobs(), deps.settings().leaseMilliseconds());
    running.add(job);
    if (stopped) {
      job.stop(RunningJob.Stop.RELEASED);
    }
    log.info("Job {} ({}) started on node {} (fence {})", claimed.job().id(), claimed.job().type(), deps.nodeId(), claimed.fence());
    try {
      executor.execute(() -> run(job));
    } catch (RuntimeException e) {
      running.remove(job);
      end(job, () -> deps.pool().write(dsl -> deps.jobs().release(dsl, job.job().id(), job.fence())));
      throw e;
    }
  }

  private void run(RunningJob job) {
    Job row = job.job();
    job.attach(Thread.currentThread());
    Throwable failure = null;
    JobOutcome outcome = null;
    try {
      outcome = runners.get(row.type()).run(job);
    } catch (Throwable t) {
      failure = t;
    } finally {
      job.detach();
    }
    try {
      finish(job, outcome, failure);
    } finally {
      running.remove(job);
      checkIdle();
      poll(); // a slot is free: take the next pending job now rather than at the next poll
    }
  }

  private void finish(RunningJob job, JobOutcome outcome, Throwable failure) {
    Job row = job.job();
    RunningJob.Stop stop = job.stopReason();
    if (outcome != null) {
      write(job, outcome.status(), 100, outcome.data());
      log.info("Job {} ({}) ended {}", row.id(), row.type(), outcome.status());
    } else if (stop == RunningJob.Stop.CANCELED || (stop == RunningJob.Stop.NONE && failure instanceof JobCanceledException)) {
      write(job, Job.CANCELED, job.progress(), job.data());
      log.info("Job {} ({}) canceled", row.id(), row.type());
    } else if (stop == RunningJob.Stop.RELEASED) {
      end(job, () -> deps.pool().write(dsl -> deps.jobs().release(dsl, row.id(), job.fence())));
      log.info("Job {} ({}) handed back: this node is stopping", row.id(), row.type());
    } else if (stop == RunningJob.Stop.FENCED || failure instanceof JobFencedException) {
      log.warn("Job {} ({}) was taken over by another worker (fence {} is stale); this worker stopped it", row.id(), row.type(),
          job.fence());
    } else {
      Map<String, String> data = new HashMap<>(job.data());
      data.put("error", String.valueOf(failure.getMessage()));
      write(job, Job.ERROR, -1, data);
      log.warn("Job {} ({}) failed", row.id(), row.type(), failure);
    }
  }

  private void write(RunningJob job, String status, long progress, Map<String, String> data) {
    boolean ended = end(job, () -> deps.pool().write(dsl -> deps.jobs().finish(dsl, job.job().id(), job.fence(), status, progress,
        data)));
    if (!ended) {
      log.warn("Job {} could not be ended {}: another worker holds it now", job.job().id(), status);
    }
  }

  /** A job's last write; if it fails, the lease runs out and another worker runs the job again (effects are idempotent). */
  private boolean end(RunningJob job, java.util.function.Supplier<CompletionStage<Boolean>> write) {
    try {
      return write.get().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      log.warn("Job {}: its final write failed, its lease will run out and another worker will resume it: {}", job.job().id(),
          e.toString());
      return false;
    }
  }

  /**
   * Stops claiming and hands every running job back (pending again, at its last checkpoint),
   * waiting until their runners have returned.
   */
  public CompletionStage<Done> stop() {
    stopped = true;
    if (pollTimer != null) {
      pollTimer.cancel();
    }
    running.forEach(job -> job.stop(RunningJob.Stop.RELEASED));
    checkIdle();
    return idle.completeOnTimeout(Done.getInstance(), STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((done, failure) -> {
          if (heartbeatTimer != null) {
            heartbeatTimer.cancel();
          }
        });
  }

  private void checkIdle() {
    if (stopped && running.isEmpty()) {
      idle.complete(Done.getInstance());
    }
  }
}
