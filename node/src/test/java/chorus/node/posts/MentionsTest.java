package chorus.node.posts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MentionsTest {
  @Test
  void findsUsernamesLowercasedWithoutTrailingPunctuation() {
    Mentions mentions = Mentions.in("Hi @Alice, ask @bob.smith. and @carol_- about it");

    assertThat(mentions.usernames()).containsExactlyInAnyOrder("alice", "bob.smith", "bob.smith.", "carol", "carol_-");
    assertThat(mentions.channelWide()).isFalse();
  }

  @Test
  void channelAndAllMentionEveryoneHereIsNoted() {
    assertThat(Mentions.in("@channel deploy at 5").channelWide()).isTrue();
    assertThat(Mentions.in("heads up @all!").channelWide()).isTrue();
    assertThat(Mentions.in("@channel").usernames()).isEmpty();
    Mentions here = Mentions.in("anyone @here?");
    assertThat(here.here()).isTrue();
    assertThat(here.channelWide()).isFalse();
    assertThat(here.usernames()).isEmpty();
  }

  @Test
  void ignoresMentionsInCodeAndInsideWords() {
    Mentions mentions = Mentions.in("mail me at me@example.com\n```\n@alice in a block\n```\nand `@bob` inline, but @dave");

    assertThat(mentions.usernames()).containsExactly("dave");
  }

  @Test
  void aMessageWithoutMentionsMentionsNobody() {
    for (String message : new String[] {"plain text", "", null, "@ alone and @@"}) {
      assertThat(Mentions.in(message)).isEqualTo(new Mentions(java.util.Set.of(), false, false));
    }
  }
}
