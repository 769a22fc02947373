package chorus.sharding.events;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.protocol.ws.Broadcast;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EventBusBucketTest {

  @Test
  void everyoneEventsUseBucketZero() {
    assertThat(EventBus.bucketOf(Broadcast.toEveryone(), 16)).isZero();
  }

  @Test
  void channelWinsOverTeamAndUser() {
    var broadcast = new Broadcast(null, "user-x", "channel-1", "team-1", "", "");
    assertThat(EventBus.bucketOf(broadcast, 16)).isEqualTo(EventBus.bucketOf(Broadcast.toChannel("channel-1"), 16));
  }

  @Test
  void teamWinsOverUser() {
    var broadcast = new Broadcast(null, "user-x", "", "team-1", "", "");
    assertThat(EventBus.bucketOf(broadcast, 16)).isEqualTo(EventBus.bucketOf(Broadcast.toTeam("team-1"), 16));
  }

  @Test
  void keysSpreadOverAllBucketsAndStayInRange() {
    Set<Integer> used = new HashSet<>();
    IntStream.range(0, 2000).forEach(i -> used.add(EventBus.bucketOf(Broadcast.toChannel("ch-" + i), 16)));
    assertThat(used).hasSize(16).allMatch(b -> b >= 0 && b < 16);
  }

  @Test
  void aNegativeHashStillLandsInRange() {
    // "polygenelubricants".hashCode() == Integer.MIN_VALUE
    assertThat(EventBus.bucketOf(Broadcast.toUser("polygenelubricants"), 7)).isBetween(0, 6);
  }
}
