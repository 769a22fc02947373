package chorus.management.export;

import chorus.protocol.config.MessageExportSettings;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * When {@code message_export} runs: once a day at {@code DailyRunTime} in {@code zone}
 * (Mattermost uses the server's local time; Chorus nodes may sit in different zones, so the
 * node wires one zone for the whole cluster, UTC by default). Settings are read at each call.
 */
public final class MessageExportSchedule {
  private final Supplier<MessageExportSettings> settings;
  private final ZoneId zone;

  public MessageExportSchedule(Supplier<MessageExportSettings> settings, ZoneId zone) {
    this.settings = settings;
    this.zone = zone;
  }

  /** The start of the day's slot that contains {@code now}; empty when EnableExport is false. */
  public Optional<Instant> slotAt(Instant now) {
    MessageExportSettings current = settings.get();
    if (!current.enableExport()) {
      return Optional.empty();
    }
    LocalTime runTime = LocalTime.parse(current.dailyRunTime());
    ZonedDateTime here = now.atZone(zone);
    ZonedDateTime today = here.toLocalDate().atTime(runTime).atZone(zone);
    ZonedDateTime slot = today.isAfter(here) ? here.toLocalDate().minusDays(1).atTime(runTime).atZone(zone) : today;
    return Optional.of(slot.toInstant());
  }
}
