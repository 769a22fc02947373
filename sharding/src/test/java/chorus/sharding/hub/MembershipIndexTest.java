package chorus.sharding.hub;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.protocol.cluster.ClusterEvent;
import chorus.protocol.ws.Broadcast;
import chorus.protocol.ws.EventType;
import chorus.sharding.events.ChannelMembers;
import chorus.sharding.events.ChannelMembers.Change;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MembershipIndexTest {
  private final MembershipIndex index = new MembershipIndex(1_000, 100);

  private static ClusterEvent post(String channel, long position) {
    return new ClusterEvent(channel + "@" + position, EventType.POSTED, "{}", Broadcast.toChannel(channel), null, position);
  }

  private static ClusterEvent joined(String channel, long position, String user) {
    return new ClusterEvent(channel + "@" + position, EventType.USER_ADDED, "{}", Broadcast.toChannel(channel), null, position,
        user);
  }

  private static ClusterEvent left(String channel, long position, String user) {
    return new ClusterEvent(channel + "@" + position, EventType.USER_REMOVED, "{}", Broadcast.toChannel(channel), null, position,
        user);
  }

  private static ClusterEvent typing(String channel) {
    return ClusterEvent.unpositioned("typing", EventType.TYPING, "{}", Broadcast.toChannel(channel), null);
  }

  /** Each due event's id and the members it went to. */
  private static List<String> addressed(MembershipIndex.Step step) {
    List<String> out = new ArrayList<>();
    step.due().forEach(a -> out.add(a.event().id() + " " + (a.audience() == null ? "null" : new java.util.TreeSet<>(a.audience()))));
    return out;
  }

  @Test
  void aChannelsFirstEventWaitsForItsMembersThenGoesToThem() {
    MembershipIndex.Step first = index.take(post("c", 5));

    assertThat(first.due()).isEmpty();
    assertThat(first.load()).isEqualTo(new MembershipIndex.Load("c", 4));
    assertThat(addressed(index.loaded(first.load(), new ChannelMembers(5, Set.of("a", "b"), List.of()))))
        .containsExactly("c@5 [a, b]");
    assertThat(addressed(index.take(post("c", 6)))).containsExactly("c@6 [a, b]");
  }

  @Test
  void joinsAndLeavesChangeTheMembersFromTheirOwnEventOn() {
    MembershipIndex.Step first = index.take(post("c", 1));
    index.loaded(first.load(), new ChannelMembers(1, Set.of("a", "b"), List.of()));

    assertThat(addressed(index.take(joined("c", 2, "d")))).containsExactly("c@2 [a, b, d]");
    assertThat(addressed(index.take(left("c", 3, "a")))).as("the one who left is told directly, not through the channel")
        .containsExactly("c@3 [b, d]");
    assertThat(addressed(index.take(post("c", 4)))).containsExactly("c@4 [b, d]");
    assertThat(index.members()).isEqualTo(2);
  }

  @Test
  void eventsThatWaitedForTheReadGetTheMembersOfTheirOwnPosition() {
    MembershipIndex.Step first = index.take(post("c", 5));
    assertThat(index.take(joined("c", 6, "d")).due()).isEmpty();
    assertThat(index.take(post("c", 7)).due()).isEmpty();

    // The read saw position 8 too (d left again): the waiting events still get their own moment's members.
    ChannelMembers read = new ChannelMembers(8, Set.of("a"), List.of(new Change(6, "d", true), new Change(8, "d", false)));
    assertThat(addressed(index.loaded(first.load(), read))).containsExactly("c@5 [a]", "c@6 [a, d]", "c@7 [a, d]");
    assertThat(addressed(index.take(left("c", 8, "d")))).as("an event the read counted, arriving after it")
        .containsExactly("c@8 [a]");
    assertThat(addressed(index.take(post("c", 9)))).containsExactly("c@9 [a]");
  }

  @Test
  void skippedPositionsMakeItReadTheChannelAgain() {
    MembershipIndex.Step first = index.take(post("c", 1));
    index.loaded(first.load(), new ChannelMembers(1, Set.of("a"), List.of()));

    MembershipIndex.Step skipped = index.take(post("c", 4));
    assertThat(skipped.due()).isEmpty();
    assertThat(skipped.load()).isEqualTo(new MembershipIndex.Load("c", 3));
    assertThat(addressed(index.loaded(skipped.load(), new ChannelMembers(4, Set.of("a", "z"), List.of(new Change(3, "z", true))))))
        .containsExactly("c@4 [a, z]");
  }

  @Test
  void aJoinThatDoesNotNameItsUserGoesToItsOwnAudienceAndTheChannelIsReadAgainLater() {
    MembershipIndex.Step first = index.take(post("c", 1));
    index.loaded(first.load(), new ChannelMembers(1, Set.of("a"), List.of()));
    ClusterEvent fromOldNode = new ClusterEvent("old", EventType.USER_ADDED, "{}", Broadcast.toChannel("c"), Set.of("a", "q"), 2);

    assertThat(addressed(index.take(fromOldNode))).containsExactly("old [a, q]");
    MembershipIndex.Step next = index.take(post("c", 3));
    assertThat(next.load()).isEqualTo(new MembershipIndex.Load("c", 2));
    assertThat(addressed(index.loaded(next.load(), new ChannelMembers(3, Set.of("a", "q"), List.of())))).containsExactly("c@3 [a, q]");
  }

  @Test
  void anEventWithItsAudienceMovesTheIndexAlong() {
    MembershipIndex.Step first = index.take(post("c", 1));
    index.loaded(first.load(), new ChannelMembers(1, Set.of("a"), List.of()));
    ClusterEvent repaired = new ClusterEvent("r", EventType.USER_ADDED, "{}", Broadcast.toChannel("c"), Set.of("a", "b"), 2, "b");

    assertThat(addressed(index.take(repaired))).containsExactly("r [a, b]");
    assertThat(addressed(index.take(post("c", 3)))).containsExactly("c@3 [a, b]");
  }

  @Test
  void anEventWithItsAudienceOfAChannelNotIndexedGoesStraightThrough() {
    ClusterEvent withAudience = new ClusterEvent("w", EventType.POSTED, "{}", Broadcast.toChannel("c"), Set.of("a"), 1);

    assertThat(addressed(index.take(withAudience))).containsExactly("w [a]");
    assertThat(index.channels()).isZero();
  }

  @Test
  void typingGoesToTheMembersNowAndReadsNoChangeHistory() {
    MembershipIndex.Step first = index.take(typing("c"));
    assertThat(first.load()).isEqualTo(new MembershipIndex.Load("c", Long.MAX_VALUE));

    assertThat(addressed(index.loaded(first.load(), new ChannelMembers(7, Set.of("a", "b"), List.of()))))
        .containsExactly("typing [a, b]");
    assertThat(addressed(index.take(typing("c")))).containsExactly("typing [a, b]");
    assertThat(addressed(index.take(post("c", 8)))).containsExactly("c@8 [a, b]");
  }

  @Test
  void eventsForOneUserOrEveryoneNeedNoMembers() {
    ClusterEvent toUser = ClusterEvent.unpositioned("u", "hello", "{}", Broadcast.toUser("a"), null);

    MembershipIndex.Step step = index.take(toUser);
    assertThat(addressed(step)).containsExactly("u null");
    assertThat(step.load()).isNull();
  }

  @Test
  void aFailedReadIsTriedAgainWithTheEventsStillWaiting() {
    MembershipIndex.Step first = index.take(post("c", 1));
    index.take(post("c", 2));

    MembershipIndex.Load again = index.loadFailed("c");
    assertThat(again).isEqualTo(first.load());
    assertThat(addressed(index.loaded(again, new ChannelMembers(2, Set.of("a"), List.of())))).containsExactly("c@1 [a]", "c@2 [a]");
  }

  @Test
  void aReadNoLongerAwaitedIsIgnored() {
    MembershipIndex.Step first = index.take(post("c", 1));
    index.loaded(first.load(), new ChannelMembers(1, Set.of("a"), List.of()));

    assertThat(index.loaded(first.load(), new ChannelMembers(1, Set.of("x"), List.of())).due()).isEmpty();
    assertThat(addressed(index.take(post("c", 2)))).containsExactly("c@2 [a]");
  }

  @Test
  void pastTheMemberBudgetTheQuietestChannelsAreForgotten() {
    MembershipIndex small = new MembershipIndex(3, 100);
    small.loaded(small.take(post("old", 1)).load(), new ChannelMembers(1, Set.of("a", "b"), List.of()));
    small.loaded(small.take(post("new", 1)).load(), new ChannelMembers(1, Set.of("c", "d"), List.of()));

    assertThat(small.channels()).isEqualTo(1);
    assertThat(small.members()).isEqualTo(2);
    assertThat(small.take(post("new", 2)).load()).isNull();
    assertThat(small.take(post("old", 2)).load()).as("forgotten: read again").isEqualTo(new MembershipIndex.Load("old", 1));
  }

  @Test
  void pastItsBoundAWaitingChannelDropsEventsAndCountsThem() {
    MembershipIndex tight = new MembershipIndex(1_000, 2);
    MembershipIndex.Step first = tight.take(post("c", 1));
    tight.take(post("c", 2));
    tight.take(post("c", 3));

    assertThat(tight.dropped()).isEqualTo(1);
    assertThat(addressed(tight.loaded(first.load(), new ChannelMembers(3, Set.of("a"), List.of())))).containsExactly("c@1 [a]", "c@2 [a]");
  }

  @Test
  void addressedEventsKeepTheMembersTheyWereAddressedTo() {
    MembershipIndex.Step first = index.take(post("c", 1));
    index.take(joined("c", 2, "b"));
    MembershipIndex.Step both = index.loaded(first.load(), new ChannelMembers(1, Set.of("a"), List.of()));

    assertThat(addressed(both)).containsExactly("c@1 [a]", "c@2 [a, b]");
  }
}
