package chorus.management.jobs;

/**
 * Thrown by a checkpoint when the job's lease expired and another worker claimed it: this
 * worker's fencing number is stale, so it stops and writes nothing more.
 */
public final class JobFencedException extends RuntimeException {
  public JobFencedException(String jobId, long fence) {
    super("job " + jobId + " is no longer held with fence " + fence);
  }
}
