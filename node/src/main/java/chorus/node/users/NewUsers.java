package chorus.node.users;

import chorus.protocol.api.CreateUserRequest;
import chorus.protocol.api.Roles;
import chorus.protocol.api.User;
import java.util.Map;

/** Builds the stored form of a new account with Mattermost's default preferences. */
final class NewUsers {
  private NewUsers() {}

  static User from(CreateUserRequest request, String id, long now, boolean firstUser) {
    String roles = firstUser ? Roles.SYSTEM_USER + " " + Roles.SYSTEM_ADMIN : Roles.SYSTEM_USER;
    return new User(id, now, now, 0, request.username(), "", request.email().toLowerCase(java.util.Locale.ROOT), false,
        orEmpty(request.nickname()), orEmpty(request.firstName()), orEmpty(request.lastName()), orEmpty(request.position()),
        roles, request.locale() == null || request.locale().isBlank() ? "en" : request.locale(),
        Map.of("useAutomaticTimezone", "true", "automaticTimezone", "", "manualTimezone", ""),
        request.props() == null ? Map.of() : request.props(),
        request.notifyProps() == null ? defaultNotifyProps(request.username()) : request.notifyProps(),
        now, 0, 0, false, false, false);
  }

  private static Map<String, String> defaultNotifyProps(String username) {
    return Map.of("channel", "true", "comments", "never", "desktop", "mention", "desktop_sound", "true", "email", "true",
        "first_name", "false", "mention_keys", username + ",@" + username, "push", "mention", "push_status", "online");
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}
