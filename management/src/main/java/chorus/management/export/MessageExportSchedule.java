package chorus.management.export;

import chorus.management.jobs.DailySchedule;
import chorus.management.jobs.JobSchedule;
import chorus.protocol.api.Job;
import chorus.protocol.config.MessageExportSettings;
import chorus.protocol.config.TimeOfDay;
import java.time.ZoneId;
import java.util.Optional;
import java.util.function.Supplier;

/** When {@code message_export} runs: once a day at {@code DailyRunTime} in {@code zone}, while EnableExport is on. */
public final class MessageExportSchedule {
  private MessageExportSchedule() {}

  public static JobSchedule of(Supplier<MessageExportSettings> settings, ZoneId zone) {
    return new DailySchedule(Job.MESSAGE_EXPORT, () -> {
      MessageExportSettings current = settings.get();
      return current.enableExport() ? TimeOfDay.parse(current.dailyRunTime()) : Optional.empty();
    }, zone);
  }
}
