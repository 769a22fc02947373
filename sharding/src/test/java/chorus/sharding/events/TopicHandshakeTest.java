package chorus.sharding.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class TopicHandshakeTest {
  @Test
  void completeOnceEveryMemberProbedEveryBucketAndConfirmedOurs() {
    TopicHandshake handshake = new TopicHandshake(2);
    handshake.members(Set.of("a", "b"));

    handshake.probeReceived("a", 0);
    handshake.probeReceived("a", 1);
    handshake.probeReceived("b", 1);
    handshake.acknowledged("a");

    assertThat(handshake.awaitingProbesFrom()).containsExactly("b");
    assertThat(handshake.awaitingAcknowledgementFrom()).containsExactly("b");
    assertThat(handshake.complete()).isFalse();

    handshake.probeReceived("b", 0);
    handshake.acknowledged("b");
    assertThat(handshake.complete()).isTrue();
  }

  @Test
  void aMemberThatLeftIsNoLongerWaitedFor() {
    TopicHandshake handshake = new TopicHandshake(1);
    handshake.members(Set.of("a", "gone"));
    handshake.probeReceived("a", 0);
    handshake.acknowledged("a");
    assertThat(handshake.complete()).isFalse();

    handshake.members(Set.of("a"));

    assertThat(handshake.complete()).isTrue();
    assertThat(new TopicHandshake(3).complete()).as("alone, nothing to prove").isTrue();
  }
}
