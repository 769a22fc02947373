package chorus.node.systemposts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SystemPostTextTest {
  @Test
  void membershipPostsNameTheUsers() {
    assertThat(SystemPostText.joinedChannel("alice").message()).isEqualTo("@alice joined the channel.");
    assertThat(SystemPostText.addedToChannel("a1", "alice", "b2", "bob").message()).isEqualTo("@bob added to the channel by @alice.");
    assertThat(SystemPostText.addedToChannel("a1", "alice", "b2", "bob").props()).containsEntry("addedUserId", "b2")
        .containsEntry("userId", "a1");
    assertThat(SystemPostText.removedFromTeam("b2", "bob").type()).isEqualTo("system_remove_from_team");
  }

  @Test
  void aHeaderChangeSaysWhetherItWasSetChangedOrRemoved() {
    assertThat(SystemPostText.headerChanged("alice", "", "new").message()).isEqualTo("@alice updated the channel header to: new");
    assertThat(SystemPostText.headerChanged("alice", "old", "new").message())
        .isEqualTo("@alice updated the channel header from: old to: new");
    assertThat(SystemPostText.headerChanged("alice", "old", "").message()).isEqualTo("@alice removed the channel header (was: old)");
    assertThat(SystemPostText.purposeChanged("alice", "a", "b").props()).containsEntry("old_purpose", "a")
        .containsEntry("new_purpose", "b");
  }

  @Test
  void joinsAndLeavesDoNotCountAsMessages() {
    assertThat(SystemPostText.joinedTeam("a").counted()).isFalse();
    assertThat(SystemPostText.removedFromChannel("b", "bob").counted()).isFalse();
    assertThat(SystemPostText.headerChanged("a", "x", "y").counted()).isTrue();
    assertThat(SystemPostText.archived("a").counted()).isTrue();
  }
}
