package chorus.loadtest.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RunClockTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final RunClock clock = new RunClock(now::get, 0);

  @Test
  void phasesKeepTheirOrderAndTheRestIsOther() throws Exception {
    clock.time("node start", () -> now.addAndGet(20_000_000_000L));
    clock.time("population", () -> now.addAndGet(90_000_000_000L));
    now.addAndGet(5_000_000_000L);

    RunTimings t = clock.snapshot();

    assertThat(t.phases().keySet()).containsExactly("node start", "population");
    assertThat(t.phases().get("population")).isEqualTo(90.0);
    assertThat(t.totalSeconds()).isEqualTo(116.0);
    assertThat(t.otherSeconds()).isEqualTo(6.0);
  }

  @Test
  void aPhaseThatThrowsIsStillTimedAndARepeatedPhaseSums() {
    assertThatThrownBy(() -> clock.time("node start", () -> {
      now.addAndGet(3_000_000_000L);
      throw new IllegalStateException("no start");
    })).isInstanceOf(IllegalStateException.class);
    clock.record("node start", 4.0);

    assertThat(clock.seconds("node start")).isEqualTo(7.0);
  }
}
