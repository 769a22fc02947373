package chorus.protocol.api;

import java.util.Arrays;

/** Role names as Mattermost stores them: a space-separated list on users and memberships. */
public final class Roles {
  public static final String SYSTEM_USER = "system_user";
  public static final String SYSTEM_ADMIN = "system_admin";
  /** Mattermost's role that lets a user who is not a system admin create personal access tokens. */
  public static final String SYSTEM_USER_ACCESS_TOKEN = "system_user_access_token";
  public static final String TEAM_USER = "team_user";
  public static final String TEAM_ADMIN = "team_admin";
  public static final String CHANNEL_USER = "channel_user";
  public static final String CHANNEL_ADMIN = "channel_admin";

  private Roles() {}

  public static boolean has(String roles, String role) {
    return roles != null && Arrays.asList(roles.trim().split("\\s+")).contains(role);
  }
}
