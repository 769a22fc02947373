package chorus.node.systemposts;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The system posts Mattermost writes into a channel's history, with its types, texts and props
 * (the apps render most of them from the props, older ones from the text). Names are usernames
 * without the '@'.
 */
record SystemPostText(String type, String message, Map<String, Object> props) {
  private static final java.util.Set<String> JOINS_AND_LEAVES = java.util.Set.of("system_join_channel", "system_leave_channel",
      "system_add_to_channel", "system_remove_from_channel", "system_join_team", "system_leave_team", "system_remove_from_team");

  /** Mattermost leaves joins and leaves out of the channel's message count: they never make a channel unread. */
  boolean counted() {
    return !JOINS_AND_LEAVES.contains(type);
  }

  static SystemPostText joinedChannel(String username) {
    return new SystemPostText("system_join_channel", "@" + username + " joined the channel.", Map.of("username", username));
  }

  static SystemPostText leftChannel(String username) {
    return new SystemPostText("system_leave_channel", "@" + username + " left the channel.", Map.of("username", username));
  }

  static SystemPostText addedToChannel(String actorId, String actor, String addedId, String added) {
    return new SystemPostText("system_add_to_channel", "@" + added + " added to the channel by @" + actor + ".",
        Map.of("userId", actorId, "username", actor, "addedUserId", addedId, "addedUsername", added));
  }

  static SystemPostText removedFromChannel(String removedId, String removed) {
    return new SystemPostText("system_remove_from_channel", "@" + removed + " removed from the channel.",
        Map.of("removedUserId", removedId, "removedUsername", removed));
  }

  static SystemPostText joinedTeam(String username) {
    return new SystemPostText("system_join_team", "@" + username + " joined the team.", Map.of("username", username));
  }

  static SystemPostText leftTeam(String username) {
    return new SystemPostText("system_leave_team", "@" + username + " left the team.", Map.of("username", username));
  }

  static SystemPostText removedFromTeam(String removedId, String removed) {
    return new SystemPostText("system_remove_from_team", "@" + removed + " removed from the team.",
        Map.of("removedUserId", removedId, "removedUsername", removed));
  }

  static SystemPostText archived(String username) {
    return new SystemPostText("system_channel_deleted", "@" + username + " archived the channel.", Map.of("username", username));
  }

  static SystemPostText unarchived(String username) {
    return new SystemPostText("system_channel_restored", "@" + username + " unarchived the channel.", Map.of("username", username));
  }

  static SystemPostText headerChanged(String username, String before, String after) {
    return changed("system_header_change", "channel header", "header", username, before, after);
  }

  static SystemPostText purposeChanged(String username, String before, String after) {
    return changed("system_purpose_change", "channel purpose", "purpose", username, before, after);
  }

  static SystemPostText displayNameChanged(String username, String before, String after) {
    return new SystemPostText("system_displayname_change",
        "@" + username + " updated the channel display name from: " + before + " to: " + after,
        Map.of("username", username, "old_displayname", before, "new_displayname", after));
  }

  private static SystemPostText changed(String type, String what, String key, String username, String before, String after) {
    String message;
    if (before.isEmpty()) {
      message = "@" + username + " updated the " + what + " to: " + after;
    } else if (after.isEmpty()) {
      message = "@" + username + " removed the " + what + " (was: " + before + ")";
    } else {
      message = "@" + username + " updated the " + what + " from: " + before + " to: " + after;
    }
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("username", username);
    props.put("old_" + key, before);
    props.put("new_" + key, after);
    return new SystemPostText(type, message, props);
  }
}
