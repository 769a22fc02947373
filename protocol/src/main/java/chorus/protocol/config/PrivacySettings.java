package chorus.protocol.config;

/**
 * Mattermost's {@code PrivacySettings}: whether users who are not system admins see other
 * users' e-mail addresses and full names. Both default to true, as in Mattermost.
 */
public record PrivacySettings(boolean showEmailAddress, boolean showFullName) {
  public static PrivacySettings defaults() {
    return new PrivacySettings(true, true);
  }
}
