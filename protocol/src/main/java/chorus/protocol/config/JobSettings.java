package chorus.protocol.config;

import java.time.Duration;

/**
 * Jobs. {@code RunJobs}, {@code RunScheduler} and {@code CleanupJobsThresholdDays} are
 * Mattermost's, with its defaults: a node with {@code RunJobs} claims and runs jobs, a node with
 * {@code RunScheduler} may become the one scheduling leader, and finished jobs older than the
 * threshold are deleted ({@code -1}: never).
 *
 * <p>The rest are Chorus additions, with defaults that match Mattermost's timing where it has
 * one: {@code PollIntervalMilliseconds} (15 s, Mattermost's watcher) is how often a worker looks
 * for pending jobs and reclaims expired leases; {@code SchedulerIntervalMilliseconds} (1 min,
 * Mattermost's scheduler) how often the leader checks every schedule;
 * {@code LeaseMilliseconds} how long a claimed job stays its worker's without a heartbeat
 * before another worker may take it over (Mattermost has no lease: a crashed worker's job stays
 * {@code in_progress} forever); {@code MaxConcurrentJobs} how many jobs one node runs at once.
 */
public record JobSettings(
    boolean runJobs,
    boolean runScheduler,
    int cleanupJobsThresholdDays,
    long pollIntervalMilliseconds,
    long schedulerIntervalMilliseconds,
    long leaseMilliseconds,
    int maxConcurrentJobs) {

  public static JobSettings defaults() {
    return new JobSettings(true, true, -1, 15_000, 60_000, 60_000, 2);
  }

  public Duration pollInterval() {
    return Duration.ofMillis(pollIntervalMilliseconds);
  }

  public Duration schedulerInterval() {
    return Duration.ofMillis(schedulerIntervalMilliseconds);
  }

  public Duration lease() {
    return Duration.ofMillis(leaseMilliseconds);
  }
}
