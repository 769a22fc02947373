package chorus.sharding.connections;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.protocol.cluster.ClusterEvent;
import chorus.protocol.cluster.ConnectionState;
import chorus.protocol.cluster.ConnectionState.SentFrame;
import chorus.protocol.ws.Broadcast;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConnectionLogTest {
  private static final ConnectionLog.FrameRenderer RENDER = (event, seq) -> event.id() + "#" + seq;

  private final ConnectionLog log = ConnectionLog.fresh("c1", "u1", "s1", RENDER, 100);

  private static ClusterEvent moment(String id) {
    return ClusterEvent.unpositioned(id, "typing", "{}", Broadcast.toUser("u1"), null);
  }

  private static ClusterEvent post(String channel, long position) {
    return new ClusterEvent(channel + position, "posted", "{}", Broadcast.toChannel(channel), null, position);
  }

  private static List<Long> seqs(List<SentFrame> frames) {
    return frames.stream().map(SentFrame::seq).toList();
  }

  @Test
  void eventsGetContiguousSeqsFromZeroAndARepeatGetsNone() {
    assertThat(seqs(log.accept(moment("hello"), 0))).containsExactly(0L);
    assertThat(seqs(log.accept(post("a", 1), 0))).containsExactly(1L);
    assertThat(log.accept(post("a", 1), 0)).as("the same event again").isEmpty();
    assertThat(log.accept(moment("hello"), 0)).isEmpty();
    assertThat(log.nextSeq()).isEqualTo(2);
  }

  @Test
  void aResumeGetsTheFramesFromItsSequenceNumberWithTheirOriginalSeqs() {
    for (int i = 1; i <= 5; i++) {
      log.accept(post("a", i), 0);
    }
    log.handedOut(5, 0);

    assertThat(log.from(5)).contains(List.of()).as("nothing missed: lossless");
    assertThat(log.from(2).map(ConnectionLogTest::seqs)).contains(List.of(2L, 3L, 4L));
    assertThat(log.from(2).orElseThrow().get(0).frame()).isEqualTo("a3#2");
    assertThat(log.from(6)).as("ahead of what was sent").isEmpty();
  }

  @Test
  void theRingKeepsTheEventsNotTheirFramesAndAResumeRendersThemAgain() {
    // A new String per call, as the real renderer makes: sameness shows what the log kept.
    ConnectionLog.FrameRenderer fresh = (event, seq) -> new String(event.id() + "#" + seq);
    ConnectionLog kept = ConnectionLog.fresh("c2", "u1", "s1", fresh, 100);
    List<SentFrame> sent = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      sent.addAll(kept.accept(post("a", i), 0));
    }
    kept.handedOut(3, 0);

    List<SentFrame> replay = kept.from(0).orElseThrow();

    assertThat(replay).isEqualTo(sent);
    for (int i = 0; i < sent.size(); i++) {
      assertThat(replay.get(i).frame()).as("rendered again, not kept").isNotSameAs(sent.get(i).frame());
    }
    ConnectionLog moved = ConnectionLog.restored(kept.export(Optional.of(1L)), fresh, 100);
    assertThat(moved.from(1).orElseThrow()).as("frames from another node are replayed as they came")
        .isEqualTo(sent.subList(1, 3));
  }

  @Test
  void framesOlderThanTheRingBehindWhatTheSocketMayHoldAreLetGo() {
    int total = ConnectionLog.RING_SIZE + 50;
    for (int i = 1; i <= total; i++) {
      log.accept(post("a", i), 0);
      log.handedOut(i, 10);
    }

    long keptFrom = total - 10 - ConnectionLog.RING_SIZE;
    assertThat(log.from(keptFrom)).isPresent();
    assertThat(log.from(keptFrom - 1)).as("that frame is gone: the client must start over").isEmpty();
  }

  @Test
  void aConnectionThatFallsAQueueBehindIsLostAndCannotBeResumed() {
    for (int i = 1; i <= ConnectionLog.QUEUE_SIZE + 1; i++) {
      log.accept(post("a", i), 0);
    }

    assertThat(log.lost()).isTrue();
    assertThat(log.from(0)).isEmpty();
    assertThat(log.export(Optional.empty()).nextSeq()).isNegative();
  }

  @Test
  void aRestoredConnectionKeepsItsSeqsAndDropsWhatItAlreadyHad() {
    log.accept(moment("hello"), 0);
    log.accept(post("a", 1), 0);
    log.accept(moment("typing-1"), 0);
    log.handedOut(3, 0);

    ConnectionState state = log.export(Optional.of(1L));
    ConnectionLog moved = ConnectionLog.restored(state, RENDER, 100);

    assertThat(seqs(moved.from(1).orElseThrow())).containsExactly(1L, 2L);
    assertThat(moved.accept(post("a", 1), 0)).as("already sent before the move").isEmpty();
    assertThat(moved.accept(moment("typing-1"), 0)).isEmpty();
    assertThat(seqs(moved.accept(post("a", 2), 0))).containsExactly(3L);
  }

  @Test
  void aChannelEventAfterAGapWaitsForTheMissingOneAndThenBothGoInOrder() {
    log.accept(post("a", 1), 0);
    ConnectionLog moved = ConnectionLog.restored(log.export(Optional.empty()), RENDER, 100);

    assertThat(moved.accept(post("a", 3), 0)).isEmpty();
    assertThat(moved.gapsDue(99)).isEmpty();
    var gaps = moved.gapsDue(100);
    assertThat(gaps).singleElement().satisfies(gap -> {
      assertThat(gap.after()).isEqualTo(1);
      assertThat(gap.before()).isEqualTo(3);
    });
    List<SentFrame> filled = moved.repaired("a", List.of(post("a", 2)), 3, true, 100);
    assertThat(filled).extracting(SentFrame::frame).containsExactly("a2#1", "a3#2");
  }

  @Test
  void aRepairedEventOfSomeoneElsesAudienceFillsTheGapButIsNotSent() {
    log.accept(post("a", 1), 0);
    log.accept(post("a", 3), 0);
    ClusterEvent whileOut = new ClusterEvent("a2", "posted", "{}", Broadcast.toChannel("a"), Set.of("u2"), 2);

    List<SentFrame> filled = log.repaired("a", List.of(whileOut), 3, true, 100);

    assertThat(filled).extracting(SentFrame::frame).containsExactly("a3#1");
    assertThat(log.hasGaps()).isFalse();
  }

  @Test
  void aHandOffShipsTheNewestFramesThatFitAndNothingWhileUnknown() {
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      ids.add("a" + i);
      log.accept(post("a", i), 0);
    }
    log.handedOut(100, 0);

    ConnectionState state = log.export(Optional.empty());

    assertThat(state.frames()).hasSize(ConnectionLog.HANDOFF_FRAMES);
    assertThat(state.frames().get(state.frames().size() - 1).seq()).isEqualTo(99);
    assertThat(state.positions()).containsEntry("a", 100L);
    assertThat(state.recentEventIds()).containsAll(ids);
  }
}
