package chorus.management.testkit;

import chorus.management.jobs.JobContext;
import chorus.protocol.api.Job;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * The runner contract's other side, for tests: holds the job as the worker would have claimed
 * it, records every checkpoint, keeps the last checkpoint's data in the job (as the jobs row
 * does), and can fail a chosen checkpoint to stand in for a worker that dies mid-run.
 */
public final class RecordingJobContext implements JobContext {
  /** What a dying worker looks like to its runner: the checkpoint never returns normally. */
  public static final class SimulatedCrash extends RuntimeException {
    public SimulatedCrash(int checkpoint) {
      super("simulated crash at checkpoint " + checkpoint);
    }
  }

  public record Checkpoint(long progress, Map<String, String> data) {}

  private Job job;
  private final List<Checkpoint> checkpoints = new ArrayList<>();
  private final IntPredicate crashAt;

  private RecordingJobContext(Job job, IntPredicate crashAt) {
    this.job = job;
    this.crashAt = crashAt;
  }

  public static RecordingJobContext of(String id, String type, Map<String, String> data) {
    return new RecordingJobContext(claimed(id, type, data), n -> false);
  }

  /** Fails the {@code n}th checkpoint (1-based) and every later one. */
  public static RecordingJobContext crashingAt(String id, String type, int n) {
    return new RecordingJobContext(claimed(id, type, Map.of()), count -> count >= n);
  }

  /** The context a worker would give the same job claimed again: the data of the last checkpoint that went through. */
  public RecordingJobContext reclaimed() {
    return new RecordingJobContext(job, n -> false);
  }

  private static Job claimed(String id, String type, Map<String, String> data) {
    long now = System.currentTimeMillis();
    return new Job(id, type, 0, now, now, now, Job.IN_PROGRESS, 0, Map.copyOf(data));
  }

  @Override
  public Job job() {
    return job;
  }

  @Override
  public synchronized void checkpoint(long progress, Map<String, String> data) {
    if (progress < 0 || progress > 100) {
      throw new IllegalArgumentException("progress " + progress);
    }
    if (crashAt.test(checkpoints.size() + 1)) {
      throw new SimulatedCrash(checkpoints.size() + 1);
    }
    checkpoints.add(new Checkpoint(progress, Map.copyOf(data)));
    job = new Job(job.id(), job.type(), job.priority(), job.createAt(), job.startAt(), System.currentTimeMillis(), job.status(),
        progress, new HashMap<>(data));
  }

  public synchronized List<Checkpoint> checkpoints() {
    return List.copyOf(checkpoints);
  }
}
