package chorus.management.jobs;

import chorus.protocol.api.Job;
import java.time.Duration;
import java.util.Map;

/** What a running job sees of its own row; given to a {@link JobRunner} by the worker. */
public interface JobContext {
  /** The job as claimed, with the data saved by the last checkpoint of any earlier attempt. */
  Job job();

  /**
   * Saves progress (0–100) and data into the job's row and renews the lease, only while this
   * worker still holds the job's fencing number.
   *
   * @throws JobFencedException another worker has claimed the job since
   * @throws JobCanceledException a cancel was requested
   */
  void checkpoint(long progress, Map<String, String> data);

  /**
   * Waits between batches ({@code TimeBetweenBatchesMilliseconds}). The worker's context ends
   * the wait early when a cancel arrives or the job is taken over, throwing as
   * {@link #checkpoint} does; this default only sleeps.
   */
  default void pause(Duration duration) throws InterruptedException {
    Thread.sleep(duration.toMillis());
  }
}
