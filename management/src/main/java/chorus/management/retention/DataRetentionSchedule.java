package chorus.management.retention;

import chorus.management.jobs.DailySchedule;
import chorus.management.jobs.JobSchedule;
import chorus.protocol.api.Job;
import chorus.protocol.config.DataRetentionSettings;
import chorus.protocol.config.TimeOfDay;
import java.time.ZoneId;
import java.util.Optional;
import java.util.function.Supplier;

/** Retention runs daily at {@code DeletionJobStartTime} while message or file deletion is enabled. */
public final class DataRetentionSchedule {
  private DataRetentionSchedule() {}

  public static JobSchedule of(Supplier<DataRetentionSettings> settings, ZoneId zone) {
    return new DailySchedule(Job.DATA_RETENTION, () -> {
      DataRetentionSettings s = settings.get();
      return s.enableMessageDeletion() || s.enableFileDeletion() ? TimeOfDay.parse(s.deletionJobStartTime()) : Optional.empty();
    }, zone);
  }
}
