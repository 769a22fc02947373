package chorus.management.jobs;

/**
 * The work of one job type. A worker calls {@link #run} on the jobs dispatcher after it has
 * claimed the job; a job whose worker died is claimed again and run again from the data its
 * last checkpoint saved, so a runner's effects must be idempotent per job id (the same rows,
 * the same file keys), never "append once more".
 */
public interface JobRunner {
  String type();

  /**
   * Does the work, calling {@link JobContext#checkpoint} often enough to keep the lease (at
   * least once per batch). Returns how the job ended; a thrown exception ends it as {@code error}
   * with the message in its data, except {@link JobCanceledException} ({@code canceled}) and
   * {@link JobFencedException} (another worker owns the job now: write nothing more).
   */
  JobOutcome run(JobContext context) throws Exception;
}
