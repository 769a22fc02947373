package chorus.node.system;

import chorus.protocol.api.Post;
import chorus.protocol.config.ChorusConfig;
import chorus.protocol.config.PrivacySettings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The flat string map clients read at start-up ({@code config/client?format=old}). Every value
 * is a string, as in Mattermost; nothing secret belongs here, it is served before login.
 */
public final class ClientConfig {
  private final Supplier<ChorusConfig> settings;
  private final ServerVersion version;
  private final String diagnosticId;

  /**
   * @param settings the current configuration, read per render: the API applies most settings
   *     per request, so the values that tell clients about them must follow a reload or save too
   */
  public ClientConfig(Supplier<ChorusConfig> settings, ServerVersion version, String diagnosticId) {
    this.settings = settings;
    this.version = version;
    this.diagnosticId = diagnosticId;
  }

  public Map<String, String> render(boolean noAccounts) {
    ChorusConfig config = settings.get();
    var service = config.serviceSettings();
    var team = config.teamSettings();
    Map<String, String> map = new LinkedHashMap<>();
    map.put("Version", version.version());
    map.put("BuildNumber", version.buildNumber());
    map.put("BuildDate", "");
    map.put("BuildHash", version.buildNumber());
    map.put("BuildHashEnterprise", "none");
    map.put("BuildEnterpriseReady", "false");
    map.put("SiteURL", service.siteUrl());
    map.put("SiteName", team.siteName());
    map.put("WebsocketURL", "");
    map.put("WebsocketPort", "80");
    map.put("WebsocketSecurePort", "443");
    map.put("EnableUserCreation", Boolean.toString(team.enableUserCreation()));
    map.put("EnableOpenServer", Boolean.toString(team.enableOpenServer()));
    map.put("EnableSignUpWithEmail", "true");
    map.put("EnableSignInWithEmail", "true");
    map.put("EnableSignInWithUsername", "true");
    // The webapp offers its AD/LDAP sign-in only when this says so.
    map.put("EnableLdap", Boolean.toString(config.ldapSettings().enable()));
    map.put("DiagnosticId", diagnosticId);
    map.put("DiagnosticsEnabled", "false");
    map.put("NoAccounts", Boolean.toString(noAccounts));
    map.put("DefaultClientLocale", "en");
    map.put("AvailableLocales", "");
    map.put("TeammateNameDisplay", team.teammateNameDisplay());
    map.put("EnableUserTypingMessages", Boolean.toString(service.enableUserTypingMessages()));
    map.put("TimeBetweenUserTypingUpdatesMilliseconds", Long.toString(service.timeBetweenUserTypingUpdatesMilliseconds()));
    map.put("EnableFileAttachments", Boolean.toString(config.fileSettings().enableFileAttachments()));
    map.put("EnableMobileFileUpload", Boolean.toString(config.fileSettings().enableFileAttachments()));
    map.put("EnableMobileFileDownload", Boolean.toString(config.fileSettings().enableFileAttachments()));
    map.put("MaxFileSize", Long.toString(config.fileSettings().maxFileSize()));
    map.put("MaxPostSize", Integer.toString(Post.MAX_MESSAGE_RUNES));
    map.put("CollapsedThreads", "disabled");
    map.put("EnableCluster", Boolean.toString(config.clusterSettings().enable()));
    // This node's own setting, as in Mattermost: whether it runs jobs (see JobWorker).
    map.put("RunJobs", Boolean.toString(config.jobSettings().runJobs()));
    var retention = config.dataRetentionSettings();
    map.put("DataRetentionEnableMessageDeletion", Boolean.toString(retention.enableMessageDeletion()));
    map.put("DataRetentionMessageRetentionDays", Long.toString(retention.messageRetention().toDays()));
    map.put("DataRetentionEnableFileDeletion", Boolean.toString(retention.enableFileDeletion()));
    map.put("DataRetentionFileRetentionDays", Long.toString(retention.fileRetention().toDays()));
    map.put("PasswordMinimumLength", Integer.toString(config.passwordSettings().minimumLength()));
    PrivacySettings currentPrivacy = config.privacySettings();
    map.put("ShowEmailAddress", Boolean.toString(currentPrivacy.showEmailAddress()));
    map.put("ShowFullName", Boolean.toString(currentPrivacy.showFullName()));
    return map;
  }
}
