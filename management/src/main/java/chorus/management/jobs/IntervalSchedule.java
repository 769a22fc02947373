package chorus.management.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Every interval, on slots aligned to the epoch (so every leader computes the same ones), as
 * LDAP's {@code SyncIntervalMinutes}.
 *
 * @param interval the interval, or empty while the job type is disabled (read on every check)
 */
public record IntervalSchedule(String type, Supplier<Optional<Duration>> interval) implements JobSchedule {
  @Override
  public Optional<Instant> slotAt(Instant now) {
    return interval.get().filter(i -> i.toMillis() > 0).map(i -> {
      long millis = i.toMillis();
      return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), millis) * millis);
    });
  }
}
