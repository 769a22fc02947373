package chorus.sharding.connections;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.protocol.cluster.ConnectionState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClaimRoundTest {
  private static final ConnectionState STATE = new ConnectionState("c", "u", "s", 5, List.of(), Map.of(), List.of(), 0);

  @Test
  void endsAsSoonAsTheStateArrivesWhateverTheOtherHubsSay() {
    ClaimRound round = new ClaimRound();
    round.answer(new ClaimReply.Claimed(STATE));

    assertThat(round.done()).isTrue();
    assertThat(round.result()).contains(STATE);
  }

  @Test
  void endsEmptyOnceEveryHubSaidItHoldsNothing() {
    ClaimRound round = new ClaimRound();
    round.answer(new ClaimReply.NotHere("a"));
    round.answer(new ClaimReply.NotHere("b"));
    assertThat(round.done()).as("the plan is not known yet").isFalse();

    round.planned(3);
    assertThat(round.done()).isFalse();
    round.answer(new ClaimReply.NotHere("c"));

    assertThat(round.done()).isTrue();
    assertThat(round.result()).isEmpty();
  }

  @Test
  void waitsForAHolderThatWasToldToSurrender() {
    ClaimRound round = new ClaimRound();
    round.planned(2);
    round.answer(new ClaimReply.NotHere("a"));
    round.answer(new ClaimReply.Forwarded("b"));

    assertThat(round.done()).as("only the claimant's deadline ends this").isFalse();
    round.answer(new ClaimReply.Claimed(STATE));
    assertThat(round.result()).contains(STATE);
  }
}
