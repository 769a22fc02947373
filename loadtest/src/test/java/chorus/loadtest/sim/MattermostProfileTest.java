package chorus.loadtest.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chorus.loadtest.sim.MattermostProfile.Action;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MattermostProfileTest {

  @Test
  void idleTimesStayInUpstreamsIntervalWithItsMean() {
    MattermostProfile profile = MattermostProfile.standard();
    long sum = 0;
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      long idle = profile.idleMillis();
      assertThat(idle).isBetween(1_000L, 38_999L);
      sum += idle;
    }
    assertThat(sum / (double) n).isBetween(19_000.0, 21_000.0);
  }

  @Test
  void aJoiningUsersFirstWaitIsTheIdleTimeLeftAtARandomMoment() {
    MattermostProfile profile = MattermostProfile.standard();
    long sum = 0;
    long underMin = 0;
    int n = 50_000;
    for (int i = 0; i < n; i++) {
      long wait = profile.residualIdleMillis();
      assertThat(wait).isBetween(0L, 38_999L);
      sum += wait;
      underMin += wait < 1_000 ? 1 : 0;
    }
    // Idle ~ U[1 s, 39 s): E[idle^2] / (2 E[idle]) = (38^2 / 12 + 20^2) / 40 = 13.008 s; P(wait < min) = min / avg = 5 %.
    assertThat(sum / (double) n).isBetween(12_700.0, 13_300.0);
    assertThat(underMin / (double) n).isBetween(0.045, 0.055);
    assertThat(MattermostProfile.standard().withIdle(500, 500).residualIdleMillis()).isBetween(0L, 499L);
  }

  @Test
  void actionsAreDrawnByWeight() {
    MattermostProfile profile = MattermostProfile.standard();
    Map<Action, Integer> counts = new EnumMap<>(Action.class);
    int n = 50_000;
    for (int i = 0; i < n; i++) {
      counts.merge(profile.pick(), 1, Integer::sum);
    }
    double total = 6.5219 + 1.9873 + 1.0 + 1.0;
    assertThat(counts.get(Action.SWITCH_CHANNEL) / (double) n).isCloseTo(6.5219 / total, org.assertj.core.data.Offset.offset(0.02));
    assertThat(counts.get(Action.CREATE_POST) / (double) n).isCloseTo(1.0 / total, org.assertj.core.data.Offset.offset(0.02));
  }

  @Test
  void aCustomMixLeavesOutWhatItDoesNotName() {
    MattermostProfile profile = MattermostProfile.withMix("create_post=1");
    for (int i = 0; i < 100; i++) {
      assertThat(profile.pick()).isEqualTo(Action.CREATE_POST);
    }
    assertThatThrownBy(() -> MattermostProfile.withMix("CREATE_POST=0")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MattermostProfile.withMix("TELEPORT=1")).isInstanceOf(IllegalArgumentException.class);
  }
}
