package chorus.sharding.events;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.protocol.cluster.ClusterEvent;
import chorus.protocol.ws.Broadcast;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChannelSequencerTest {
  private static final long WAIT = 300;

  private final ChannelSequencer hub = new ChannelSequencer(true, WAIT, 100);

  private static ClusterEvent at(String channel, long position) {
    return new ClusterEvent("e" + channel + position, "posted", "{}", Broadcast.toChannel(channel), null, position);
  }

  private static List<Long> positions(List<ClusterEvent> events) {
    return events.stream().map(ClusterEvent::position).toList();
  }

  @Test
  void inOrderEventsPassAndRepeatsAreDropped() {
    hub.baseline(Map.of("a", 4L));

    assertThat(positions(hub.offer(at("a", 5), 0))).containsExactly(5L);
    assertThat(hub.offer(at("a", 5), 0)).isEmpty();
    assertThat(hub.offer(at("a", 3), 0)).isEmpty();
    assertThat(positions(hub.offer(at("b", 1), 0))).as("a new channel starts at 0").containsExactly(1L);
    assertThat(hub.hasGaps()).isFalse();
  }

  @Test
  void aLateEventReleasesTheOnesHeldBehindIt() {
    hub.baseline(Map.of("a", 1L));

    assertThat(hub.offer(at("a", 4), 0)).isEmpty();
    assertThat(hub.offer(at("a", 3), 10)).isEmpty();
    assertThat(hub.gapsDue(WAIT - 1)).as("still waiting for a late event").isEmpty();
    assertThat(positions(hub.offer(at("a", 2), 20))).containsExactly(2L, 3L, 4L);
    assertThat(hub.hasGaps()).isFalse();
    assertThat(hub.gapsDue(10_000)).isEmpty();
  }

  @Test
  void aGapThatOutlastsTheWaitIsRepairedFromTheDatabaseInOrder() {
    hub.baseline(Map.of("a", 1L));
    hub.offer(at("a", 5), 0);
    hub.offer(at("a", 4), 0);

    List<ChannelSequencer.Gap> due = hub.gapsDue(WAIT);

    assertThat(due).containsExactly(new ChannelSequencer.Gap("a", 1, 4));
    assertThat(hub.gapsDue(WAIT * 2)).as("already being repaired").isEmpty();
    assertThat(positions(hub.repaired("a", List.of(at("a", 3), at("a", 2)), 4, true, WAIT))).containsExactly(2L, 3L, 4L, 5L);
    assertThat(hub.position("a")).isEqualTo(5);
    assertThat(hub.offer(at("a", 3), WAIT)).as("the late original is a repeat now").isEmpty();
  }

  @Test
  void positionsThePrunedLogNoLongerHasAreGivenUp() {
    hub.baseline(Map.of("a", 1L));
    hub.offer(at("a", 5), 0);
    hub.gapsDue(WAIT);

    assertThat(positions(hub.repaired("a", List.of(at("a", 4)), 5, true, WAIT))).containsExactly(4L, 5L);
    assertThat(hub.skipped()).isEqualTo(2);
    assertThat(hub.hasGaps()).isFalse();
  }

  @Test
  void aReadCutShortByItsLimitLeavesTheRestDueAtOnce() {
    hub.baseline(Map.of("a", 0L));
    hub.offer(at("a", 6), 0);
    hub.gapsDue(WAIT);

    assertThat(positions(hub.repaired("a", List.of(at("a", 1), at("a", 2)), 3, false, WAIT))).containsExactly(1L, 2L);

    assertThat(hub.gapsDue(WAIT)).containsExactly(new ChannelSequencer.Gap("a", 2, 6));
  }

  @Test
  void aFailedRepairIsTriedAgainAfterAnotherWait() {
    hub.baseline(Map.of("a", 1L));
    hub.offer(at("a", 3), 0);
    hub.gapsDue(WAIT);

    hub.repairFailed("a", 1_000);

    assertThat(hub.gapsDue(1_000 + WAIT - 1)).isEmpty();
    assertThat(hub.gapsDue(1_000 + WAIT)).containsExactly(new ChannelSequencer.Gap("a", 1, 3));
  }

  @Test
  void aHeadBeyondWhatWasReleasedMeansALostTail() {
    hub.baseline(Map.of("a", 2L));

    List<ChannelSequencer.Gap> gaps = hub.behind("a", 4);

    assertThat(gaps).containsExactly(new ChannelSequencer.Gap("a", 2, 5));
    assertThat(hub.behind("a", 4)).as("one repair at a time").isEmpty();
    assertThat(hub.offer(at("a", 4), 0)).as("held while the repair runs").isEmpty();
    assertThat(positions(hub.repaired("a", List.of(at("a", 3), at("a", 4)), 5, true, 0))).containsExactly(3L, 4L);
    assertThat(hub.behind("a", 4)).isEmpty();
    assertThat(hub.hasGaps()).isFalse();
  }

  @Test
  void aConnectionTakesTheFirstEventOfAChannelItHasNotSeen() {
    ChannelSequencer connection = new ChannelSequencer(false, WAIT, 100);
    connection.know("a", 7);

    assertThat(positions(connection.offer(at("b", 40), 0))).containsExactly(40L);
    assertThat(connection.offer(at("a", 9), 0)).as("a gap after what it knew").isEmpty();
    assertThat(connection.behind("c", 3)).as("a head of an unseen channel is no gap").isEmpty();
    assertThat(connection.gapsDue(WAIT)).containsExactly(new ChannelSequencer.Gap("a", 7, 9));
  }

  @Test
  void eventsWithoutAPositionPassStraightThrough() {
    ClusterEvent typing = ClusterEvent.unpositioned("t", "typing", "{}", Broadcast.toChannel("a"), null);
    hub.baseline(Map.of("a", 1L));
    hub.offer(at("a", 3), 0);

    assertThat(hub.offer(typing, 0)).containsExactly(typing);
  }
}
