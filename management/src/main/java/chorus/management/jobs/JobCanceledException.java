package chorus.management.jobs;

/** Thrown by a checkpoint when a cancel was requested; the worker ends the job as {@code canceled}. */
public final class JobCanceledException extends RuntimeException {
  public JobCanceledException(String jobId) {
    super("job " + jobId + " was canceled");
  }
}
