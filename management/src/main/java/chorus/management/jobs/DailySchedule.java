package chorus.management.jobs;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Once a day at a time of day in the server's time zone, as Mattermost's
 * {@code DeletionJobStartTime} and {@code DailyRunTime}. The slot at a moment is today's run time
 * once it has passed, else yesterday's: a leader that takes over after the run time (the old one
 * died just before it) still finds today's slot due and runs it, instead of skipping a day.
 * Every node must share a time zone, or two leaders would see different instants for one day.
 *
 * @param runTime the time of day, or empty while the job type is disabled (read on every check)
 */
public record DailySchedule(String type, Supplier<Optional<LocalTime>> runTime, ZoneId zone) implements JobSchedule {
  @Override
  public Optional<Instant> slotAt(Instant now) {
    return runTime.get().map(time -> {
      LocalDate today = now.atZone(zone).toLocalDate();
      ZonedDateTime slot = ZonedDateTime.of(today, time, zone);
      if (slot.toInstant().isAfter(now)) {
        slot = ZonedDateTime.of(today.minusDays(1), time, zone);
      }
      return slot.toInstant();
    });
  }
}
