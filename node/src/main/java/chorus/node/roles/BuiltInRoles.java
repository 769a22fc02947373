package chorus.node.roles;

import chorus.protocol.api.Role;
import chorus.protocol.api.Roles;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The six roles Chorus gives, with the permissions the apps read to decide what to show. Each
 * list names only what Chorus's routes actually allow to that role (the README's "Who may call
 * what"), using Mattermost's permission names, so an app never offers what the server refuses.
 * Mattermost's own lists are longer; a permission for a feature Chorus lacks is left out
 * rather than promised. Roles are not editable.
 */
public final class BuiltInRoles {
  private static final List<String> CHANNEL_USER = List.of(
      "read_channel", "read_channel_content", "create_post", "edit_post", "delete_post", "upload_file",
      "manage_public_channel_members", "manage_private_channel_members", "manage_public_channel_properties",
      "manage_private_channel_properties", "delete_public_channel", "delete_private_channel", "add_reaction",
      "remove_reaction");
  private static final List<String> TEAM_USER = List.of(
      "view_team", "list_team_channels", "join_public_channels", "read_public_channel", "create_public_channel",
      "create_private_channel", "add_user_to_team");
  private static final List<String> TEAM_ADMIN = List.of("manage_team", "remove_user_from_team");
  private static final List<String> SYSTEM_USER = List.of(
      "create_team", "join_public_teams", "create_direct_channel", "create_group_channel", "view_members");
  private static final List<String> SYSTEM_ADMIN = List.of(
      "manage_system", "edit_other_users", "manage_roles", "manage_jobs", "join_private_teams", "edit_others_posts",
      "delete_others_posts", "remove_others_reactions", "read_other_users_teams", "sysconsole_read_environment", "sysconsole_write_environment");
  private static final List<String> SYSTEM_USER_ACCESS_TOKEN = List.of(
      "create_user_access_token", "read_user_access_token", "revoke_user_access_token");

  private final Map<String, Role> byName = new LinkedHashMap<>();

  public BuiltInRoles() {
    add(Roles.CHANNEL_USER, "authentication.roles.channel_user.name", "A member of a channel.", CHANNEL_USER);
    add(Roles.CHANNEL_ADMIN, "authentication.roles.channel_admin.name", "An administrator of a channel.", CHANNEL_USER);
    add(Roles.TEAM_USER, "authentication.roles.team_user.name", "A member of a team.", TEAM_USER);
    add(Roles.TEAM_ADMIN, "authentication.roles.team_admin.name", "An administrator of a team.",
        concat(TEAM_USER, TEAM_ADMIN));
    add(Roles.SYSTEM_USER, "authentication.roles.global_user.name", "Every account.", SYSTEM_USER);
    add(Roles.SYSTEM_ADMIN, "authentication.roles.global_admin.name", "An administrator of the whole system.",
        concat(SYSTEM_USER, TEAM_USER, TEAM_ADMIN, CHANNEL_USER, SYSTEM_ADMIN, SYSTEM_USER_ACCESS_TOKEN));
    add(Roles.SYSTEM_USER_ACCESS_TOKEN, "authentication.roles.system_user_access_token.name",
        "A user who may create, read and revoke personal access tokens.", SYSTEM_USER_ACCESS_TOKEN);
  }

  public Optional<Role> byName(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public List<Role> all() {
    return List.copyOf(byName.values());
  }

  private void add(String name, String displayName, String description, List<String> permissions) {
    byName.put(name, new Role(idOf(name), name, displayName, description, 0, 0, 0, permissions, true, true));
  }

  @SafeVarargs
  private static List<String> concat(List<String>... lists) {
    List<String> all = new ArrayList<>();
    for (List<String> list : lists) {
      list.stream().filter(p -> !all.contains(p)).forEach(all::add);
    }
    return all;
  }

  /** A stable 26-character id from the name, so every node and every release gives a role the same id. */
  private static String idOf(String name) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(("chorus-role:" + name).getBytes(StandardCharsets.UTF_8));
      StringBuilder id = new StringBuilder();
      for (int i = 0; id.length() < 26; i++) {
        id.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt((digest[i] & 0xff) % 36));
      }
      return id.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
