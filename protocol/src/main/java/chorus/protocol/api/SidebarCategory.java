package chorus.protocol.api;

import java.util.List;

/**
 * One of a user's sidebar categories in a team, as Mattermost's apps draw the channel sidebar.
 * {@code type} is {@code favorites}, {@code channels} or {@code direct_messages}; {@code sorting}
 * is "" (the app's default), {@code alpha}, {@code recent} or {@code manual}.
 */
public record SidebarCategory(
    String id,
    String userId,
    String teamId,
    int sortOrder,
    String sorting,
    String type,
    String displayName,
    boolean muted,
    boolean collapsed,
    List<String> channelIds) {}
