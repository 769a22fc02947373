package chorus.node.sidebar;

import chorus.protocol.api.Channel;
import chorus.protocol.api.SidebarCategories;
import chorus.protocol.api.SidebarCategory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Mattermost's three default sidebar categories, worked out from what Chorus stores: Favorites
 * holds the channels the user marked with the {@code favorite_channel} preference (what older
 * apps set, and what moving a channel into Favorites sets here), Channels the team's other open
 * and private channels, Direct Messages the other direct and group channels. Ids are Mattermost's:
 * {@code <type>_<user id>_<team id>}. Chorus has no custom categories.
 */
final class DefaultCategories {
  static final String FAVORITES = "favorites";
  static final String CHANNELS = "channels";
  static final String DIRECT_MESSAGES = "direct_messages";

  private DefaultCategories() {}

  /**
   * @param channels the user's live channels of the team and their direct and group channels, in sidebar order
   * @param favorites the ids the user marked favorite
   * @param collapsed the ids of the categories the user collapsed
   */
  static SidebarCategories of(String userId, String teamId, List<Channel> channels, Set<String> favorites, Set<String> collapsed) {
    List<String> favorite = new ArrayList<>();
    List<String> team = new ArrayList<>();
    List<String> direct = new ArrayList<>();
    for (Channel channel : channels) {
      if (favorites.contains(channel.id())) {
        favorite.add(channel.id());
      } else if (Channel.DIRECT.equals(channel.type()) || Channel.GROUP.equals(channel.type())) {
        direct.add(channel.id());
      } else {
        team.add(channel.id());
      }
    }
    List<SidebarCategory> categories = List.of(
        category(userId, teamId, FAVORITES, "Favorites", 0, "", favorite, collapsed),
        category(userId, teamId, CHANNELS, "Channels", 10, "", team, collapsed),
        category(userId, teamId, DIRECT_MESSAGES, "Direct Messages", 20, "recent", direct, collapsed));
    return new SidebarCategories(categories, categories.stream().map(SidebarCategory::id).toList());
  }

  static String id(String type, String userId, String teamId) {
    return type + "_" + userId + "_" + teamId;
  }

  private static SidebarCategory category(String userId, String teamId, String type, String name, int sortOrder, String sorting,
      List<String> channelIds, Set<String> collapsed) {
    String id = id(type, userId, teamId);
    return new SidebarCategory(id, userId, teamId, sortOrder, sorting, type, name, false, collapsed.contains(id),
        List.copyOf(channelIds));
  }
}
