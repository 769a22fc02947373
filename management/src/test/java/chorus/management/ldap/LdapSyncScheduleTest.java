package chorus.management.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.management.jobs.JobSchedule;
import chorus.protocol.config.LdapSettings;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LdapSyncScheduleTest {
  private static LdapSettings every(int minutes, boolean enableSync) {
    return new LdapSettings(true, enableSync, "ldap", 389, "", "dc=x", "", "", "", "id", "mail", "uid", "", "", "", minutes, 0, 60, 10);
  }

  @Test
  void slotsAreAlignedToTheEpochSoEveryNodeAgreesOnThem() {
    JobSchedule schedule = LdapSyncSchedule.of(() -> every(15, true));

    assertThat(schedule.slotAt(Instant.parse("2026-12-06T18:29:59.999Z"))).contains(Instant.parse("2026-12-06T18:15:00Z"));
    assertThat(schedule.slotAt(Instant.parse("2026-12-06T18:30:00Z"))).contains(Instant.parse("2026-12-06T18:30:00Z"));
    assertThat(schedule.slotAt(Instant.parse("2026-12-06T18:44:00Z"))).contains(Instant.parse("2026-12-06T18:30:00Z"));
  }

  @Test
  void noSlotWhileSyncIsOffAndANewIntervalAppliesAtOnce() {
    AtomicReference<LdapSettings> settings = new AtomicReference<>(every(60, false));
    JobSchedule schedule = LdapSyncSchedule.of(settings::get);
    Instant now = Instant.parse("2026-12-06T18:29:00Z");

    assertThat(schedule.slotAt(now)).isEmpty();
    settings.set(every(60, true));
    assertThat(schedule.slotAt(now)).contains(Instant.parse("2026-12-06T18:00:00Z"));
    settings.set(every(10, true));
    assertThat(schedule.slotAt(now)).contains(Instant.parse("2026-12-06T18:20:00Z"));
  }
}
