package chorus.management.jobs;

import chorus.persistence.jobs.ClaimedJob;
import chorus.persistence.jobs.JobRepository;
import chorus.persistence.pool.PersistencePool;
import chorus.protocol.api.Job;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * The {@link JobContext} of one claimed job on this node. Every write names the fence the job
 * was claimed with. The worker's heartbeat and every checkpoint learn the job's status from the
 * row; when it turns {@code cancel_requested}, or the row no longer has this fence (the lease
 * ran out and another worker claimed it), or the node is stopping, the job is told to stop: the
 * flag is set and the runner's thread interrupted, so a runner blocked on the database or in
 * {@link #pause} stops within a heartbeat, and its next checkpoint throws.
 */
final class RunningJob implements JobContext {
  enum Stop { NONE, CANCELED, FENCED, RELEASED }

  private final ClaimedJob claimed;
  private final PersistencePool pool;
  private final JobRepository jobs;
  private final long leaseMillis;
  private volatile Stop stop = Stop.NONE;
  private volatile long progress;
  private volatile Map<String, String> data;
  private Thread thread;

  RunningJob(ClaimedJob claimed, PersistencePool pool, JobRepository jobs, long leaseMillis) {
    this.claimed = claimed;
    this.pool = pool;
    this.jobs = jobs;
    this.leaseMillis = leaseMillis;
    this.progress = Math.max(0, claimed.job().progress());
    this.data = claimed.job().data();
  }

  @Override
  public Job job() {
    return claimed.job();
  }

  long fence() {
    return claimed.fence();
  }

  Stop stopReason() {
    return stop;
  }

  long progress() {
    return progress;
  }

  Map<String, String> data() {
    return data;
  }

  @Override
  public void checkpoint(long percent, Map<String, String> newData) {
    throwIfStopped();
    Map<String, String> copy = Map.copyOf(newData);
    Optional<String> status = await(pool.write(dsl -> jobs.heartbeat(dsl, claimed.job().id(), claimed.fence(), leaseMillis,
        Optional.of(new JobRepository.Progress(percent, copy)))));
    progress = percent;
    data = copy;
    onStatus(status);
    throwIfStopped();
  }

  @Override
  public void pause(Duration duration) throws InterruptedException {
    throwIfStopped();
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      throwIfStopped();
      throw e;
    }
  }

  /** Renews the lease without blocking; called by the worker's heartbeat timer. */
  void heartbeat() {
    pool.write(dsl -> jobs.heartbeat(dsl, claimed.job().id(), claimed.fence(), leaseMillis, Optional.empty()))
        .whenComplete((status, failure) -> {
          if (failure == null) {
            onStatus(status);
          }
          // A failed heartbeat is retried by the next one; the lease is three heartbeats long.
        });
  }

  private void onStatus(Optional<String> status) {
    if (status.isEmpty()) {
      stop(Stop.FENCED);
    } else if (Job.CANCEL_REQUESTED.equals(status.get())) {
      stop(Stop.CANCELED);
    }
  }

  /** Tells the runner to stop, once: the first reason wins. */
  synchronized void stop(Stop reason) {
    if (stop == Stop.NONE) {
      stop = reason;
      if (thread != null) {
        thread.interrupt();
      }
    }
  }

  synchronized void attach(Thread runnerThread) {
    thread = runnerThread;
    if (stop != Stop.NONE) {
      thread.interrupt();
    }
  }

  /** The runner returned or threw: no later stop may interrupt the pooled thread, and no earlier one stays pending on it. */
  synchronized void detach() {
    thread = null;
    Thread.interrupted();
  }

  private void throwIfStopped() {
    switch (stop) {
      case CANCELED -> throw new JobCanceledException(claimed.job().id());
      case FENCED, RELEASED -> throw new JobFencedException(claimed.job().id(), claimed.fence());
      case NONE -> { }
    }
  }

  /** Waits for a database call on the runner's thread; an interrupt means the job was told to stop. */
  <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throwIfStopped();
      throw new IllegalStateException("interrupted while waiting for the database", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
