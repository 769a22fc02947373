package chorus.node.channels;

import chorus.protocol.api.Channel;
import chorus.protocol.api.ChannelMember;
import chorus.protocol.api.Roles;

/** Builds channels and memberships in their initial state. */
public final class NewChannels {
  /** Every team's default channel, which members cannot leave. */
  public static final String DEFAULT_CHANNEL_NAME = "town-square";

  private NewChannels() {}

  public static Channel channel(String id, long now, String teamId, String type, String name, String displayName,
      String purpose, String header, String creatorId) {
    return new Channel(id, now, now, 0, teamId, type, displayName, name, header == null ? "" : header,
        purpose == null ? "" : purpose, now, 0, 0, creatorId, null, null, null, false, 0, null, now);
  }

  public static ChannelMember member(String channelId, String userId, boolean admin, long now) {
    String roles = admin ? Roles.CHANNEL_USER + " " + Roles.CHANNEL_ADMIN : Roles.CHANNEL_USER;
    return new ChannelMember(channelId, userId, roles, 0, 0, 0, 0, 0, 0, ChannelMember.defaultNotifyProps(), now,
        false, true, admin, "");
  }
}
