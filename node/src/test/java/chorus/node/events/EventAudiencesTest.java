package chorus.node.events;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.persistence.channels.StoredChannelEvent;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventAudiencesTest {
  private static StoredChannelEvent change(long position, String event, String user) {
    return new StoredChannelEvent("ch", position, "e" + position, event, user, "", 0);
  }

  @Test
  void membersAtAPastPositionFollowFromTheMembersNowAndTheChangesAfterIt() {
    // Log: 1 post, 2 carol joins, 3 post, 4 bob leaves, 5 post, 6 bob joins again.
    EventAudiences audiences = new EventAudiences(Set.of("alice", "bob", "carol"), List.of(
        change(2, "user_added", "carol"), change(4, "user_removed", "bob"), change(6, "user_added", "bob")));

    assertThat(audiences.at(1)).containsExactlyInAnyOrder("alice", "bob");
    assertThat(audiences.at(2)).as("the joining user sees their own join").containsExactlyInAnyOrder("alice", "bob", "carol");
    assertThat(audiences.at(3)).containsExactlyInAnyOrder("alice", "bob", "carol");
    assertThat(audiences.at(4)).as("the leaving user is not told on the channel").containsExactlyInAnyOrder("alice", "carol");
    assertThat(audiences.at(5)).containsExactlyInAnyOrder("alice", "carol");
    assertThat(audiences.at(6)).containsExactlyInAnyOrder("alice", "bob", "carol");
  }
}
