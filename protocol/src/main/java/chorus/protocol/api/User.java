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

  /**
   * The copy another (non-admin) user may see, as Mattermost's {@code SanitizeProfile} makes
   * it: no password-update time or failed attempts, and the e-mail and full name only where
   * {@code PrivacySettings.ShowEmailAddress} and {@code ShowFullName} allow them.
   */
  public User sanitizedForOthers(boolean showEmailAddress, boolean showFullName) {
    return new User(id, createAt, updateAt, deleteAt, username, authService, showEmailAddress ? email : "", emailVerified, nickname,
        showFullName ? firstName : "", showFullName ? lastName : "", position, roles, locale, timezone, props, notifyProps, 0,
        lastPictureUpdate, 0, mfaActive, isBot, disableWelcomeEmail);
  }

  public boolean isSystemAdmin() {
    return Roles.has(roles, Roles.SYSTEM_ADMIN);
  }
}
