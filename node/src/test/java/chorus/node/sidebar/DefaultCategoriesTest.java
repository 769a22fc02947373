package chorus.node.sidebar;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.protocol.api.Channel;
import chorus.protocol.api.SidebarCategories;
import chorus.protocol.api.SidebarCategory;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DefaultCategoriesTest {
  private static Channel channel(String id, String type) {
    return new Channel(id, 0, 0, 0, "team", type, id, id, "", "", 0, 0, 0, "", null, null, null, false, 0, null, 0);
  }

  @Test
  void favoritesComeFirstThenTeamChannelsThenDirectMessages() {
    List<Channel> channels = List.of(channel("a", Channel.OPEN), channel("b", Channel.PRIVATE), channel("d", Channel.DIRECT),
        channel("g", Channel.GROUP));

    SidebarCategories sidebar = DefaultCategories.of("u", "t", channels, Set.of("b", "g"), Set.of("channels_u_t"));

    assertThat(sidebar.order()).containsExactly("favorites_u_t", "channels_u_t", "direct_messages_u_t");
    assertThat(sidebar.categories()).extracting(SidebarCategory::channelIds)
        .containsExactly(List.of("b", "g"), List.of("a"), List.of("d"));
    assertThat(sidebar.categories()).extracting(SidebarCategory::collapsed).containsExactly(false, true, false);
    assertThat(sidebar.categories()).extracting(SidebarCategory::type).containsExactly("favorites", "channels", "direct_messages");
    assertThat(sidebar.categories().get(2).sorting()).isEqualTo("recent");
  }

  @Test
  void aFavoriteTheUserLeftIsNotShown() {
    SidebarCategories sidebar = DefaultCategories.of("u", "t", List.of(channel("a", Channel.OPEN)), Set.of("gone"), Set.of());

    assertThat(sidebar.categories().get(0).channelIds()).isEmpty();
    assertThat(sidebar.categories().get(1).channelIds()).containsExactly("a");
  }
}
