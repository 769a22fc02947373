package chorus.protocol.api;

import java.util.Map;

public record ChannelMember(
    String channelId,
    String userId,
    String roles,
    long lastViewedAt,
    long msgCount,
    long mentionCount,
    long mentionCountRoot,
    long urgentMentionCount,
    long msgCountRoot,
    Map<String, String> notifyProps,
    long lastUpdateAt,
    boolean schemeGuest,
    boolean schemeUser,
    boolean schemeAdmin,
    String explicitRoles) {

  public static Map<String, String> defaultNotifyProps() {
    return Map.of("desktop", "default", "mark_unread", "all", "push", "default", "email", "default",
        "ignore_channel_mentions", "default", "channel_auto_follow_threads", "off");
  }
}
