package chorus.management.export;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.management.jobs.JobSchedule;
import chorus.protocol.config.MessageExportSettings;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MessageExportScheduleTest {
  private static JobSchedule at(String time, boolean enabled, ZoneId zone) {
    MessageExportSettings settings = new MessageExportSettings(enabled, "csv", time, 0, 10_000);
    return MessageExportSchedule.of(() -> settings, zone);
  }

  @Test
  void theSlotIsTodaysRunTimeOnceItHasPassedElseYesterdays() {
    JobSchedule schedule = at("01:00", true, ZoneOffset.UTC);

    assertThat(schedule.slotAt(Instant.parse("2026-12-06T00:59:59Z"))).contains(Instant.parse("2026-12-05T01:00:00Z"));
    assertThat(schedule.slotAt(Instant.parse("2026-12-06T01:00:00Z"))).contains(Instant.parse("2026-12-06T01:00:00Z"));
    assertThat(schedule.slotAt(Instant.parse("2026-12-06T23:00:00Z"))).contains(Instant.parse("2026-12-06T01:00:00Z"));
  }

  @Test
  void theRunTimeIsReadInTheWiredZone() {
    JobSchedule schedule = at("01:00", true, ZoneId.of("Europe/Paris"));

    assertThat(schedule.slotAt(Instant.parse("2026-12-06T00:30:00Z"))).contains(Instant.parse("2026-12-06T00:00:00Z"));
  }

  @Test
  void noSlotWhenExportIsOff() {
    assertThat(at("01:00", false, ZoneOffset.UTC).slotAt(Instant.parse("2026-12-06T12:00:00Z"))).isEmpty();
  }
}
