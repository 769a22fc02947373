package chorus.management.jobs;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * When one job type runs by itself. The scheduling leader asks every schedule for the slot that
 * is due now and inserts that slot's job once ({@code jobs.slot_key} is unique per type), so any
 * leader, old or new, asking at any moment in the slot's lifetime, agrees on the one job.
 * Schedules read the current settings on every call: a config reload takes effect at the next
 * check. {@link DailySchedule} and {@link IntervalSchedule} cover Mattermost's job types.
 */
public interface JobSchedule {
  /** The job type this schedule creates, e.g. {@code data_retention}. */
  String type();

  /**
   * The most recent scheduled instant at or before {@code now}, or empty when the type is off
   * (its feature disabled). The same answer for every {@code now} until the next slot begins.
   */
  Optional<Instant> slotAt(Instant now);

  /** The data the job of {@code slot} starts with. */
  default Map<String, String> data(Instant slot) {
    return Map.of();
  }
}
