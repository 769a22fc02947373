package chorus.persistence;

import chorus.protocol.api.Channel;
import chorus.protocol.api.ChannelMember;
import chorus.protocol.api.Post;
import chorus.protocol.api.Team;
import chorus.protocol.api.TeamMember;
import chorus.protocol.api.User;
import chorus.protocol.ids.Ids;
import java.util.List;
import java.util.Map;

/** Valid records with fresh ids, so each test writes rows no other test sees. */
public final class TestRecords {
  private static final Ids IDS = new Ids();

  private TestRecords() {}

  public static String id() {
    return IDS.next();
  }

  /** A username unique across tests, in Mattermost's lower-case alphabet. */
  public static String username(String base) {
    return base + "-" + id().substring(0, 10);
  }

  public static User user(String username) {
    return user(id(), username, username + "@example.com");
  }

  public static User user(String id, String username, String email) {
    return new User(id, 1000, 1000, 0, username, "", email, false, "nick", "First", "Last", "", "system_user", "en",
        Map.of("useAutomaticTimezone", "true", "automaticTimezone", "", "manualTimezone", ""),
        Map.of("k", "v"), Map.of("desktop", "all"), 1000, 0, 0, false, false, false);
  }

  public static Team team(String name) {
    return new Team(id(), 1000, 1000, 0, "Team " + name, name, "", "owner@example.com", Team.OPEN, "", "", id(), true,
        null, null, null, false);
  }

  public static TeamMember teamMember(String teamId, String userId) {
    return new TeamMember(teamId, userId, "team_user", 0, false, true, false, "");
  }

  public static Channel channel(String teamId, String type, String name) {
    return new Channel(id(), 1000, 1000, 0, teamId, type, "Channel " + name, name, "", "", 0, 0, 0, "", null, null,
        null, false, 0, null, 0);
  }

  public static ChannelMember channelMember(String channelId, String userId) {
    return new ChannelMember(channelId, userId, "channel_user", 0, 0, 0, 0, 0, 0, ChannelMember.defaultNotifyProps(),
        1000, false, true, false, "");
  }

  public static Post post(String channelId, String userId, long createAt, String message) {
    return reply(channelId, userId, createAt, message, "");
  }

  public static Post reply(String channelId, String userId, long createAt, String message, String rootId) {
    return new Post(id(), createAt, createAt, 0, 0, false, userId, channelId, rootId, "", message, "",
        Map.of(), "", List.of(), "", 0, 0, null, Map.of());
  }
}
