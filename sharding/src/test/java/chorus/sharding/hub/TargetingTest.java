package chorus.sharding.hub;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.protocol.cluster.ClusterEvent;
import chorus.protocol.ws.Broadcast;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TargetingTest {

  private static ClusterEvent event(Broadcast broadcast, Set<String> audience) {
    return ClusterEvent.unpositioned("e1", "posted", "{}", broadcast, audience);
  }

  @Test
  void userEventGoesOnlyToThatUser() {
    ClusterEvent e = event(Broadcast.toUser("u1"), null);
    assertThat(Targeting.shouldDeliver(e, "u1", "c1")).isTrue();
    assertThat(Targeting.shouldDeliver(e, "u2", "c2")).isFalse();
  }

  @Test
  void aChannelEventWithoutItsAudienceGoesToTheMembersTheHubFoundAndToNobodyWithoutThem() {
    ClusterEvent e = event(new Broadcast(Map.of("u3", true), "", "ch", "", "", ""), null);
    assertThat(Targeting.shouldDeliver(e, Set.of("u1", "u3"), "u1", "c1")).isTrue();
    assertThat(Targeting.shouldDeliver(e, Set.of("u1", "u3"), "u3", "c3")).as("omitted").isFalse();
    assertThat(Targeting.shouldDeliver(e, Set.of("u1", "u3"), "u2", "c2")).isFalse();
    assertThat(Targeting.shouldDeliver(e, "u1", "c1")).isFalse();
  }

  @Test
  void channelEventGoesToItsAudienceOnly() {
    ClusterEvent e = event(Broadcast.toChannel("ch"), Set.of("u1", "u3"));
    assertThat(Targeting.shouldDeliver(e, "u1", "c1")).isTrue();
    assertThat(Targeting.shouldDeliver(e, "u3", "c3")).isTrue();
    assertThat(Targeting.shouldDeliver(e, "u2", "c2")).isFalse();
  }

  @Test
  void everyoneEventGoesToEveryoneButOmittedUsers() {
    ClusterEvent e = event(new Broadcast(Map.of("u2", true), "", "", "", "", ""), null);
    assertThat(Targeting.shouldDeliver(e, "u1", "c1")).isTrue();
    assertThat(Targeting.shouldDeliver(e, "u2", "c2")).isFalse();
  }

  @Test
  void omittedUserIsSkippedEvenInTheAudience() {
    ClusterEvent e = event(Broadcast.toChannelExcept("ch", "u1"), Set.of("u1", "u2"));
    assertThat(Targeting.shouldDeliver(e, "u1", "c1")).isFalse();
    assertThat(Targeting.shouldDeliver(e, "u2", "c2")).isTrue();
  }

  @Test
  void connectionIdWinsOverEverythingElse() {
    ClusterEvent e = event(new Broadcast(null, "u1", "", "", "c9", ""), null);
    assertThat(Targeting.shouldDeliver(e, "u1", "c1")).isFalse();
    assertThat(Targeting.shouldDeliver(e, "u2", "c9")).isTrue();
  }

  @Test
  void omittedConnectionIsSkippedButTheUsersOtherConnectionsAreNot() {
    ClusterEvent e = event(new Broadcast(null, "u1", "", "", "", "c1"), null);
    assertThat(Targeting.shouldDeliver(e, "u1", "c1")).isFalse();
    assertThat(Targeting.shouldDeliver(e, "u1", "c2")).isTrue();
  }

  @Test
  void teamEventWithoutResolvedAudienceGoesToEveryone() {
    ClusterEvent e = event(Broadcast.toTeam("t"), null);
    assertThat(Targeting.shouldDeliver(e, "anyone", "c1")).isTrue();
  }
}
