package chorus.management.ldap;

import chorus.management.jobs.IntervalSchedule;
import chorus.management.jobs.JobSchedule;
import chorus.protocol.api.Job;
import chorus.protocol.config.LdapSettings;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * When {@code ldap_sync} runs: every {@code SyncIntervalMinutes} while {@code EnableSync} is
 * on, in slots aligned to the epoch, so that every node computes the same slot for the same
 * moment and a new leader neither repeats nor skips the one its predecessor was in.
 */
public final class LdapSyncSchedule {
  private LdapSyncSchedule() {}

  public static JobSchedule of(Supplier<LdapSettings> settings) {
    return new IntervalSchedule(Job.LDAP_SYNC, () -> {
      LdapSettings current = settings.get();
      return current.enableSync() ? Optional.of(Duration.ofMinutes(current.syncIntervalMinutes())) : Optional.empty();
    });
  }
}
