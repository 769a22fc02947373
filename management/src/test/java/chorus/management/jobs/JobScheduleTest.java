package chorus.management.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobScheduleTest {
  private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

  private static Instant at(String local) {
    return ZonedDateTime.of(java.time.LocalDateTime.parse(local), ZONE).toInstant();
  }

  @Test
  void aDailySlotIsTodaysRunTimeOnceItPassedElseYesterdays() {
    DailySchedule daily = new DailySchedule("data_retention", () -> Optional.of(LocalTime.of(2, 0)), ZONE);

    assertThat(daily.slotAt(at("2026-03-10T01:59:59"))).contains(at("2026-03-09T02:00:00"));
    assertThat(daily.slotAt(at("2026-03-10T02:00:00"))).contains(at("2026-03-10T02:00:00"));
    assertThat(daily.slotAt(at("2026-03-10T23:00:00"))).contains(at("2026-03-10T02:00:00"));
  }

  /** Every moment of one day answers the same slot: that is what makes leaders agree. */
  @Test
  void everyMomentBetweenTwoRunTimesAgreesOnTheSlot() {
    DailySchedule daily = new DailySchedule("t", () -> Optional.of(LocalTime.of(13, 30)), ZONE);
    Instant slot = at("2026-06-01T13:30:00");
    for (long minutes = 0; minutes < 24 * 60; minutes += 7) {
      assertThat(daily.slotAt(slot.plus(Duration.ofMinutes(minutes)))).contains(slot);
    }
  }

  @Test
  void aDisabledTypeHasNoSlot() {
    assertThat(new DailySchedule("t", Optional::empty, ZONE).slotAt(Instant.now())).isEmpty();
    assertThat(new IntervalSchedule("t", Optional::empty).slotAt(Instant.now())).isEmpty();
    assertThat(new IntervalSchedule("t", () -> Optional.of(Duration.ZERO)).slotAt(Instant.now())).isEmpty();
  }

  @Test
  void intervalSlotsAreAlignedToTheEpoch() {
    IntervalSchedule every15 = new IntervalSchedule("ldap_sync", () -> Optional.of(Duration.ofMinutes(15)));

    assertThat(every15.slotAt(Instant.parse("2026-03-10T10:14:59Z"))).contains(Instant.parse("2026-03-10T10:00:00Z"));
    assertThat(every15.slotAt(Instant.parse("2026-03-10T10:15:00Z"))).contains(Instant.parse("2026-03-10T10:15:00Z"));
  }
}
