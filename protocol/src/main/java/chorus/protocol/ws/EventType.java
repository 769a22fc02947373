package chorus.protocol.ws;

/** Event names of the WebSocket protocol ({@code model/websocket_message.go}). */
public final class EventType {
  public static final String HELLO = "hello";
  public static final String POSTED = "posted";
  public static final String POST_EDITED = "post_edited";
  public static final String POST_DELETED = "post_deleted";
  public static final String TYPING = "typing";
  public static final String STATUS_CHANGE = "status_change";
  public static final String CHANNEL_CREATED = "channel_created";
  public static final String USER_ADDED = "user_added";
  public static final String USER_REMOVED = "user_removed";
  public static final String ADDED_TO_TEAM = "added_to_team";
  public static final String NEW_USER = "new_user";
  public static final String DIRECT_ADDED = "direct_added";
  public static final String MULTIPLE_CHANNELS_VIEWED = "multiple_channels_viewed";
  public static final String PREFERENCES_CHANGED = "preferences_changed";
  public static final String SIDEBAR_CATEGORY_UPDATED = "sidebar_category_updated";
  public static final String THREAD_UPDATED = "thread_updated";
  public static final String THREAD_READ_CHANGED = "thread_read_changed";
  public static final String THREAD_FOLLOW_CHANGED = "thread_follow_changed";
  public static final String PREFERENCES_DELETED = "preferences_deleted";
  public static final String USER_UPDATED = "user_updated";
  public static final String LEAVE_TEAM = "leave_team";
  public static final String CHANNEL_UPDATED = "channel_updated";
  public static final String CHANNEL_DELETED = "channel_deleted";
  public static final String CHANNEL_RESTORED = "channel_restored";
  public static final String GROUP_ADDED = "group_added";
  public static final String REACTION_ADDED = "reaction_added";
  public static final String REACTION_REMOVED = "reaction_removed";

  private EventType() {}

  /** Events a slow connection may lose: they describe a moment, and the next one replaces them. */
  public static boolean isDroppable(String event) {
    return TYPING.equals(event) || STATUS_CHANGE.equals(event) || MULTIPLE_CHANNELS_VIEWED.equals(event);
  }
}
