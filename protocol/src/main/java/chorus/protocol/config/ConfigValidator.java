package chorus.protocol.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a bound configuration once, before anything starts, so that a bad setting stops
 * startup with a message naming it ({@code ServiceSettings.ListenAddress: ...}) instead of
 * surfacing later as a bind failure, a pool that never opens or an actor system that
 * refuses its name. All problems are collected and reported together. Settings Chorus
 * accepts for compatibility but does not implement (MySQL) are rejected here with
 * that reason, rather than silently running with something else.
 */
public final class ConfigValidator {
  private static final Set<String> LOG_LEVELS = Set.of("DEBUG", "INFO", "WARN", "ERROR");
  private static final List<String> POSTGRES_PREFIXES = List.of("postgres://", "postgresql://", "jdbc:postgresql://");
  /** Pekko's rule for actor-system names, which the cluster name becomes: no leading '-' or '_'. */
  private static final Pattern CLUSTER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
  private static final Pattern DAILY_TIME = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");
  private static final int MIN_PASSWORD_LENGTH = 5;
  /** bcrypt ignores everything after 72 bytes. */
  private static final int MAX_PASSWORD_LENGTH = 72;

  private ConfigValidator() {}

  /** @throws ConfigException listing every invalid setting */
  public static void validate(ChorusConfig config) {
    List<String> problems = new ArrayList<>();
    service(config.serviceSettings(), problems);
    team(config.teamSettings(), problems);
    sql(config.sqlSettings(), problems);
    log(config.logSettings(), problems);
    password(config.passwordSettings(), problems);
    file(config.fileSettings(), problems);
    rateLimit(config.rateLimitSettings(), problems);
    cluster(config.clusterSettings(), config.sqlSettings(), problems);
    metrics(config.metricsSettings(), problems);
    ldap(config.ldapSettings(), problems);
    messageExport(config.messageExportSettings(), problems);
    jobs(config.jobSettings(), problems);
    dataRetention(config.dataRetentionSettings(), problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }

  private static void service(ServiceSettings s, List<String> problems) {
    if (s.siteUrl() != null && !s.siteUrl().isEmpty() && !isHttpUrl(s.siteUrl())) {
      problems.add("ServiceSettings.SiteURL: \"" + s.siteUrl() + "\" is not an http:// or https:// URL");
    }
    listenAddress("ServiceSettings.ListenAddress", s.listenAddress(), problems);
    positive("ServiceSettings.MaximumPayloadSizeBytes", s.maximumPayloadSizeBytes(), problems);
    positive("ServiceSettings.SessionLengthWebInHours", s.sessionLengthWebInHours(), problems);
    atLeast("ServiceSettings.WebSocketResumeWindowSeconds", s.webSocketResumeWindowSeconds(), 10, problems);
    atLeast("ServiceSettings.ShutdownDrainSeconds", s.shutdownDrainSeconds(), 0, problems);
    // Mattermost refuses a config whose MaximumLoginAttempts is not positive (login_attempts.app_error).
    positive("ServiceSettings.MaximumLoginAttempts", s.maximumLoginAttempts(), problems);
  }

  private static void team(TeamSettings s, List<String> problems) {
    positive("TeamSettings.MaxUsersPerTeam", s.maxUsersPerTeam(), problems);
  }

  private static void sql(SqlSettings s, List<String> problems) {
    if ("mysql".equals(s.driverName())) {
      problems.add("SqlSettings.DriverName: mysql is not supported by Chorus; use postgres");
    } else if (!"postgres".equals(s.driverName())) {
      problems.add("SqlSettings.DriverName: unknown driver \"" + s.driverName() + "\"; Chorus supports postgres");
    }
    if (!s.isEmbedded()) {
      dataSource("SqlSettings.DataSource", s.dataSource(), problems);
    }
    for (int i = 0; i < s.dataSourceReplicas().size(); i++) {
      dataSource("SqlSettings.DataSourceReplicas[" + i + "]", s.dataSourceReplicas().get(i), problems);
    }
    for (int i = 0; i < s.dataSourceSearchReplicas().size(); i++) {
      dataSource("SqlSettings.DataSourceSearchReplicas[" + i + "]", s.dataSourceSearchReplicas().get(i), problems);
    }
    atLeast("SqlSettings.MaxOpenConns", s.maxOpenConns(), 1, problems);
    atLeast("SqlSettings.MaxIdleConns", s.maxIdleConns(), 0, problems);
    atLeast("SqlSettings.QueryTimeout", s.queryTimeout(), 1, problems);
    atLeast("SqlSettings.ReplicaMonitorIntervalSeconds", s.replicaMonitorIntervalSeconds(), 1, problems);
    if (s.replicaLagLimitMilliseconds() < 0) {
      problems.add("SqlSettings.ReplicaLagLimitMilliseconds: must not be negative (0 keeps lagging replicas in rotation), got "
          + s.replicaLagLimitMilliseconds());
    }
  }

  private static void log(LogSettings s, List<String> problems) {
    logLevel("LogSettings.ConsoleLevel", s.consoleLevel(), problems);
    logLevel("LogSettings.FileLevel", s.fileLevel(), problems);
  }

  private static void password(PasswordSettings s, List<String> problems) {
    if (s.minimumLength() < MIN_PASSWORD_LENGTH || s.minimumLength() > MAX_PASSWORD_LENGTH) {
      problems.add("PasswordSettings.MinimumLength: " + s.minimumLength() + " is not in " + MIN_PASSWORD_LENGTH + "-" + MAX_PASSWORD_LENGTH);
    }
    if (s.bcryptCost() < PasswordSettings.MIN_BCRYPT_COST || s.bcryptCost() > PasswordSettings.MAX_BCRYPT_COST) {
      problems.add("PasswordSettings.BcryptCost: " + s.bcryptCost() + " is not in " + PasswordSettings.MIN_BCRYPT_COST + "-"
          + PasswordSettings.MAX_BCRYPT_COST);
    }
  }

  private static void file(FileSettings s, List<String> problems) {
    if (FileSettings.AMAZON_S3.equals(s.driverName())) {
      if (s.amazonS3Bucket() == null || s.amazonS3Bucket().isBlank()) {
        problems.add("FileSettings.AmazonS3Bucket: must be set when FileSettings.DriverName is amazons3");
      }
      if (s.amazonS3Endpoint() != null && s.amazonS3Endpoint().contains("://")) {
        problems.add("FileSettings.AmazonS3Endpoint: \"" + s.amazonS3Endpoint()
            + "\" must be host[:port] without a scheme; AmazonS3SSL chooses https or http");
      }
    } else if (!FileSettings.LOCAL.equals(s.driverName())) {
      problems.add("FileSettings.DriverName: unknown driver \"" + s.driverName() + "\"; Chorus supports local and amazons3");
    }
    positive("FileSettings.MaxFileSize", s.maxFileSize(), problems);
  }

  private static void rateLimit(RateLimitSettings s, List<String> problems) {
    if (s.enable()) {
      positive("RateLimitSettings.PerSec", s.perSec(), problems);
      positive("RateLimitSettings.MaxBurst", s.maxBurst(), problems);
      positive("RateLimitSettings.MemoryStoreSize", s.memoryStoreSize(), problems);
    }
  }

  private static void cluster(ClusterSettings s, SqlSettings sql, List<String> problems) {
    port("ClusterSettings.GossipPort", s.gossipPort(), problems);
    port("ClusterSettings.ManagementPort", s.managementPort(), problems);
    String name = s.clusterName() == null ? "" : s.clusterName();
    if (s.enable() && name.isEmpty()) {
      problems.add("ClusterSettings.ClusterName: must be set when ClusterSettings.Enable is true");
    } else if (!name.isEmpty() && !CLUSTER_NAME.matcher(name).matches()) {
      problems.add("ClusterSettings.ClusterName: \"" + name
          + "\" must be letters, digits, '-' and '_', starting with a letter or digit (it names the actor system)");
    }
    if (s.enable() && sql.isEmbedded()) {
      // The embedded database lives inside one node's data directory; peers cannot share it.
      problems.add("ClusterSettings.Enable: a cluster needs one shared PostgreSQL; set SqlSettings.DataSource on every node");
    }
  }

  private static void metrics(MetricsSettings s, List<String> problems) {
    listenAddress("MetricsSettings.ListenAddress", s.listenAddress(), problems);
    if (s.tickIntervalSeconds() < 1 || s.tickIntervalSeconds() > 300) {
      problems.add("MetricsSettings.TickIntervalSeconds: " + s.tickIntervalSeconds() + " is not in 1-300");
    }
  }

  private static void ldap(LdapSettings s, List<String> problems) {
    if (!Set.of(LdapSettings.SECURITY_NONE, LdapSettings.SECURITY_TLS, LdapSettings.SECURITY_STARTTLS).contains(s.connectionSecurity())) {
      problems.add("LdapSettings.ConnectionSecurity: \"" + s.connectionSecurity() + "\" is not one of \"\", TLS, STARTTLS");
    }
    port("LdapSettings.LdapPort", s.ldapPort(), problems);
    positive("LdapSettings.SyncIntervalMinutes", s.syncIntervalMinutes(), problems);
    positive("LdapSettings.QueryTimeout", s.queryTimeout(), problems);
    positive("LdapSettings.MaximumLoginAttempts", s.maximumLoginAttempts(), problems);
    atLeast("LdapSettings.MaxPageSize", s.maxPageSize(), 0, problems);
    if (s.enable() || s.enableSync()) {
      // Mattermost refuses the same: without these a login or a sync cannot find or name anyone.
      required("LdapSettings.LdapServer", s.ldapServer(), problems);
      required("LdapSettings.BaseDN", s.baseDN(), problems);
      required("LdapSettings.IdAttribute", s.idAttribute(), problems);
      required("LdapSettings.UsernameAttribute", s.usernameAttribute(), problems);
      required("LdapSettings.EmailAttribute", s.emailAttribute(), problems);
    }
  }

  private static void messageExport(MessageExportSettings s, List<String> problems) {
    if (!Set.of(MessageExportSettings.CSV, MessageExportSettings.ACTIANCE).contains(s.exportFormat())) {
      String why = s.exportFormat() != null && s.exportFormat().startsWith("globalrelay")
          ? " (Global Relay is not supported by Chorus)" : "";
      problems.add("MessageExportSettings.ExportFormat: \"" + s.exportFormat() + "\" is not one of csv, actiance" + why);
    }
    if (s.dailyRunTime() == null || !DAILY_TIME.matcher(s.dailyRunTime()).matches()) {
      problems.add("MessageExportSettings.DailyRunTime: \"" + s.dailyRunTime() + "\" is not a time of day HH:MM");
    }
    atLeast("MessageExportSettings.ExportFromTimestamp", s.exportFromTimestamp(), 0, problems);
    positive("MessageExportSettings.BatchSize", s.batchSize(), problems);
  }

  private static void required(String setting, String value, List<String> problems) {
    if (value == null || value.isBlank()) {
      problems.add(setting + ": must be set when LdapSettings.Enable or LdapSettings.EnableSync is true");
    }
  }

  private static void jobs(JobSettings s, List<String> problems) {
    if (s.cleanupJobsThresholdDays() < -1) {
      problems.add("JobSettings.CleanupJobsThresholdDays: must be -1 (keep jobs) or a number of days, got " + s.cleanupJobsThresholdDays());
    }
    positive("JobSettings.PollIntervalMilliseconds", s.pollIntervalMilliseconds(), problems);
    positive("JobSettings.SchedulerIntervalMilliseconds", s.schedulerIntervalMilliseconds(), problems);
    // A heartbeat every third of the lease must have room for a slow statement.
    atLeast("JobSettings.LeaseMilliseconds", s.leaseMilliseconds(), 1000, problems);
    positive("JobSettings.MaxConcurrentJobs", s.maxConcurrentJobs(), problems);
  }

  private static void dataRetention(DataRetentionSettings s, List<String> problems) {
    dailyTime("DataRetentionSettings.DeletionJobStartTime", s.deletionJobStartTime(), problems);
    positive("DataRetentionSettings.BatchSize", s.batchSize(), problems);
    atLeast("DataRetentionSettings.TimeBetweenBatchesMilliseconds", s.timeBetweenBatchesMilliseconds(), 0, problems);
    atLeast("DataRetentionSettings.MessageRetentionHours", s.messageRetentionHours(), 0, problems);
    atLeast("DataRetentionSettings.FileRetentionHours", s.fileRetentionHours(), 0, problems);
  }

  /** A daily run time, see {@link TimeOfDay}. */
  static void dailyTime(String setting, String value, List<String> problems) {
    if (TimeOfDay.parse(value).isEmpty()) {
      problems.add(setting + ": \"" + value + "\" is not a time of day as HH:MM (00:00-23:59)");
    }
  }

  private static void listenAddress(String setting, String value, List<String> problems) {
    try {
      ListenAddress.parse(value);
    } catch (IllegalArgumentException e) {
      problems.add(setting + ": " + e.getMessage());
    }
  }

  private static void dataSource(String setting, String value, List<String> problems) {
    String lower = value == null ? "" : value.toLowerCase(Locale.ROOT);
    if (POSTGRES_PREFIXES.stream().noneMatch(lower::startsWith)) {
      // The value may hold a password, so it is not echoed.
      problems.add(setting + ": must start with postgres://, postgresql:// or jdbc:postgresql://");
    }
  }

  private static void logLevel(String setting, String value, List<String> problems) {
    if (value == null || !LOG_LEVELS.contains(value.toUpperCase(Locale.ROOT))) {
      problems.add(setting + ": \"" + value + "\" is not one of DEBUG, INFO, WARN, ERROR");
    }
  }

  private static void port(String setting, int value, List<String> problems) {
    if (value < 0 || value > ListenAddress.MAX_PORT) {
      problems.add(setting + ": " + value + " is not in 0-" + ListenAddress.MAX_PORT);
    }
  }

  private static void positive(String setting, long value, List<String> problems) {
    if (value <= 0) {
      problems.add(setting + ": must be greater than 0, got " + value);
    }
  }

  private static void atLeast(String setting, long value, long minimum, List<String> problems) {
    if (value < minimum) {
      problems.add(setting + ": must be at least " + minimum + ", got " + value);
    }
  }

  private static boolean isHttpUrl(String value) {
    try {
      URI uri = new URI(value);
      return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
