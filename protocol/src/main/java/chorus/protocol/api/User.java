package chorus.protocol.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * A user as the API shows it. There is no password field: the hash never leaves the
 * persistence layer, so no serializer can leak it.
 */
public record User(
    String id,
    long createAt,
    long updateAt,
    long deleteAt,
    String username,
    String authService,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) String email,
    boolean emailVerified,
    String nickname,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) String firstName,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) String lastName,
    String position,
    String roles,
    String locale,
    Map<String, String> timezone,
    Map<String, Object> props,
    Map<String, String> notifyProps,
    long lastPasswordUpdate,
    long lastPictureUpdate,
    int failedAttempts,
    boolean mfaActive,
    boolean isBot,
    boolean disableWelcomeEmail) {

  /** The copy another user may see: e-mail and full name blanked, as Mattermost's default privacy settings do. */
  public User sanitizedForOthers() {
    return new User(id, createAt, updateAt, deleteAt, username, authService, "", emailVerified, nickname, "", "",
        position, roles, locale, timezone, props, notifyProps, 0, lastPictureUpdate, 0, mfaActive, isBot, disableWelcomeEmail);
  }

  public boolean isSystemAdmin() {
    return Roles.has(roles, Roles.SYSTEM_ADMIN);
  }
}
