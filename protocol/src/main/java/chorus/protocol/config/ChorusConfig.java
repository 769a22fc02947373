package chorus.protocol.config;

/**
 * The parsed, validated {@code config.json}: Mattermost's sections, immutable. Keys are
 * PascalCase in the file; each section's {@code defaults()} are Mattermost's defaults.
 */
public record ChorusConfig(
    ServiceSettings serviceSettings,
    TeamSettings teamSettings,
    SqlSettings sqlSettings,
    LogSettings logSettings,
    PasswordSettings passwordSettings,
    FileSettings fileSettings,
    RateLimitSettings rateLimitSettings,
    ClusterSettings clusterSettings,
    MetricsSettings metricsSettings,
    JobSettings jobSettings,
    PrivacySettings privacySettings,
    LdapSettings ldapSettings,
    MessageExportSettings messageExportSettings,
    DataRetentionSettings dataRetentionSettings) {

  public static ChorusConfig defaults() {
    return new ChorusConfig(ServiceSettings.defaults(), TeamSettings.defaults(), SqlSettings.defaults(), LogSettings.defaults(),
        PasswordSettings.defaults(), FileSettings.defaults(), RateLimitSettings.defaults(), ClusterSettings.defaults(),
        MetricsSettings.defaults(), JobSettings.defaults(), PrivacySettings.defaults(), LdapSettings.defaults(),
        MessageExportSettings.defaults(), DataRetentionSettings.defaults());
  }
}
