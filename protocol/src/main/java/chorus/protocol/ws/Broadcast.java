package chorus.protocol.ws;

import java.util.Map;

/**
 * Who an event is for, in Mattermost's {@code broadcast} shape. At most one of user, channel
 * and team is set; none means everyone. {@code omit_users} excludes users from the audience.
 */
public record Broadcast(
    Map<String, Boolean> omitUsers,
    String userId,
    String channelId,
    String teamId,
    String connectionId,
    String omitConnectionId) {

  public static Broadcast toUser(String userId) {
    return new Broadcast(null, userId, "", "", "", "");
  }

  public static Broadcast toChannel(String channelId) {
    return new Broadcast(null, "", channelId, "", "", "");
  }

  public static Broadcast toChannelExcept(String channelId, String omittedUserId) {
    return new Broadcast(Map.of(omittedUserId, true), "", channelId, "", "", "");
  }

  public static Broadcast toTeam(String teamId) {
    return new Broadcast(null, "", "", teamId, "", "");
  }

  public static Broadcast toEveryone() {
    return new Broadcast(null, "", "", "", "", "");
  }

  public boolean omits(String user) {
    return omitUsers != null && Boolean.TRUE.equals(omitUsers.get(user));
  }
}
