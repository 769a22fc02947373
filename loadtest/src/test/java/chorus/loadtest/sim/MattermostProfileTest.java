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
