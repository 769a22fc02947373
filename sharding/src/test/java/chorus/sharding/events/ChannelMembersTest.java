package chorus.sharding.events;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.sharding.events.ChannelMembers.Change;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChannelMembersTest {
  @Test
  void membersAtAPastPositionFollowFromTheMembersAtTheHeadAndTheChangesAfterIt() {
    // Log: 1 post, 2 carol joins, 3 post, 4 bob leaves, 5 post, 6 bob joins again.
    ChannelMembers read = new ChannelMembers(6, Set.of("alice", "bob", "carol"), List.of(
        new Change(2, "carol", true), new Change(4, "bob", false), new Change(6, "bob", true)));

    assertThat(read.at(1)).containsExactlyInAnyOrder("alice", "bob");
    assertThat(read.at(2)).as("the joining user sees their own join").containsExactlyInAnyOrder("alice", "bob", "carol");
    assertThat(read.at(3)).containsExactlyInAnyOrder("alice", "bob", "carol");
    assertThat(read.at(4)).as("the leaving user is not told on the channel").containsExactlyInAnyOrder("alice", "carol");
    assertThat(read.at(5)).containsExactlyInAnyOrder("alice", "carol");
    assertThat(read.at(6)).containsExactlyInAnyOrder("alice", "bob", "carol");
  }
}
