package chorus.protocol.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each rule goes through the whole loader, set by an environment variable as an operator would. */
class ConfigValidatorTest {

  static Stream<Arguments> invalidSettings() {
    return Stream.of(
        invalid(Map.of("MM_SERVICESETTINGS_SITEURL", "localhost:8065"),
            "ServiceSettings.SiteURL: \"localhost:8065\" is not an http:// or https:// URL"),
        invalid(Map.of("MM_SERVICESETTINGS_LISTENADDRESS", "8065"), "ServiceSettings.ListenAddress: \"8065\" is not [host]:port"),
        invalid(Map.of("MM_SERVICESETTINGS_LISTENADDRESS", ":65536"), "ServiceSettings.ListenAddress: \":65536\": port 65536 is not in 0-65535"),
        invalid(Map.of("MM_SERVICESETTINGS_LISTENADDRESS", ":-1"), "ServiceSettings.ListenAddress: \":-1\": port \"-1\""),
        invalid(Map.of("MM_SERVICESETTINGS_LISTENADDRESS", "::1:8065"), "ServiceSettings.ListenAddress: \"::1:8065\": an IPv6 host must be in brackets"),
        invalid(Map.of("MM_SERVICESETTINGS_LISTENADDRESS", "my host:8065"), "ServiceSettings.ListenAddress: \"my host:8065\": \"my host\" is not a host"),
        invalid(Map.of("MM_SERVICESETTINGS_MAXIMUMPAYLOADSIZEBYTES", "0"), "ServiceSettings.MaximumPayloadSizeBytes: must be greater than 0, got 0"),
        invalid(Map.of("MM_SERVICESETTINGS_SESSIONLENGTHWEBINHOURS", "-1"), "ServiceSettings.SessionLengthWebInHours: must be greater than 0"),
        invalid(Map.of("MM_TEAMSETTINGS_MAXUSERSPERTEAM", "0"), "TeamSettings.MaxUsersPerTeam: must be greater than 0"),
        invalid(Map.of("MM_SQLSETTINGS_DRIVERNAME", "mysql"), "SqlSettings.DriverName: mysql is not supported by Chorus; use postgres"),
        invalid(Map.of("MM_SQLSETTINGS_DRIVERNAME", "oracle"), "SqlSettings.DriverName: unknown driver \"oracle\""),
        invalid(Map.of("MM_SQLSETTINGS_MAXOPENCONNS", "0"), "SqlSettings.MaxOpenConns: must be at least 1, got 0"),
        invalid(Map.of("MM_SQLSETTINGS_MAXIDLECONNS", "-1"), "SqlSettings.MaxIdleConns: must be at least 0, got -1"),
        invalid(Map.of("MM_SQLSETTINGS_QUERYTIMEOUT", "0"), "SqlSettings.QueryTimeout: must be at least 1, got 0"),
        invalid(Map.of("MM_SQLSETTINGS_REPLICAMONITORINTERVALSECONDS", "0"), "SqlSettings.ReplicaMonitorIntervalSeconds: must be at least 1, got 0"),
        invalid(Map.of("MM_SQLSETTINGS_REPLICALAGLIMITMILLISECONDS", "-5"),
            "SqlSettings.ReplicaLagLimitMilliseconds: must not be negative (0 keeps lagging replicas in rotation), got -5"),
        invalid(Map.of("MM_SQLSETTINGS_DATASOURCE", "mysql://u:p@h/db"),
            "SqlSettings.DataSource: must start with postgres://, postgresql:// or jdbc:postgresql://"),
        invalid(Map.of("MM_SQLSETTINGS_DATASOURCEREPLICAS", "postgres://r1/db host=r2"),
            "SqlSettings.DataSourceReplicas[1]: must start with postgres://"),
        invalid(Map.of("MM_SQLSETTINGS_DATASOURCESEARCHREPLICAS", "r1"), "SqlSettings.DataSourceSearchReplicas[0]: must start with postgres://"),
        invalid(Map.of("MM_FILESETTINGS_DRIVERNAME", "amazons3"), "FileSettings.AmazonS3Bucket: must be set when FileSettings.DriverName is amazons3"),
        invalid(Map.of("MM_FILESETTINGS_DRIVERNAME", "amazons3", "MM_FILESETTINGS_AMAZONS3BUCKET", "b",
            "MM_FILESETTINGS_AMAZONS3ENDPOINT", "http://minio:9000"), "FileSettings.AmazonS3Endpoint: \"http://minio:9000\" must be host[:port]"),
        invalid(Map.of("MM_FILESETTINGS_DRIVERNAME", "gcs"), "FileSettings.DriverName: unknown driver \"gcs\""),
        invalid(Map.of("MM_FILESETTINGS_MAXFILESIZE", "0"), "FileSettings.MaxFileSize: must be greater than 0"),
        invalid(Map.of("MM_LOGSETTINGS_CONSOLELEVEL", "TRACE"), "LogSettings.ConsoleLevel: \"TRACE\" is not one of DEBUG, INFO, WARN, ERROR"),
        invalid(Map.of("MM_LOGSETTINGS_FILELEVEL", "verbose"), "LogSettings.FileLevel: \"verbose\" is not one of"),
        invalid(Map.of("MM_PASSWORDSETTINGS_MINIMUMLENGTH", "4"), "PasswordSettings.MinimumLength: 4 is not in 5-72"),
        invalid(Map.of("MM_PASSWORDSETTINGS_MINIMUMLENGTH", "73"), "PasswordSettings.MinimumLength: 73 is not in 5-72"),
        invalid(Map.of("MM_PASSWORDSETTINGS_BCRYPTCOST", "3"), "PasswordSettings.BcryptCost: 3 is not in 4-31"),
        invalid(Map.of("MM_CLUSTERSETTINGS_GOSSIPPORT", "70000"), "ClusterSettings.GossipPort: 70000 is not in 0-65535"),
        invalid(Map.of("MM_CLUSTERSETTINGS_MANAGEMENTPORT", "-1"), "ClusterSettings.ManagementPort: -1 is not in 0-65535"),
        invalid(Map.of("MM_CLUSTERSETTINGS_ENABLE", "true"), "ClusterSettings.ClusterName: must be set when ClusterSettings.Enable is true"),
        invalid(Map.of("MM_CLUSTERSETTINGS_ENABLE", "true", "MM_CLUSTERSETTINGS_CLUSTERNAME", "prod cluster"),
            "ClusterSettings.ClusterName: \"prod cluster\" must be letters, digits"),
        invalid(Map.of("MM_CLUSTERSETTINGS_ENABLE", "true", "MM_CLUSTERSETTINGS_CLUSTERNAME", "-prod"),
            "ClusterSettings.ClusterName: \"-prod\" must be letters, digits"),
        invalid(Map.of("MM_CLUSTERSETTINGS_ENABLE", "true", "MM_CLUSTERSETTINGS_CLUSTERNAME", "prod"),
            "ClusterSettings.Enable: a cluster needs one shared PostgreSQL"),
        invalid(Map.of("MM_LDAPSETTINGS_CONNECTIONSECURITY", "SSL"), "LdapSettings.ConnectionSecurity: \"SSL\" is not one of \"\", TLS, STARTTLS"),
        invalid(Map.of("MM_LDAPSETTINGS_ENABLE", "true"), "LdapSettings.LdapServer: must be set when LdapSettings.Enable"),
        invalid(Map.of("MM_LDAPSETTINGS_ENABLESYNC", "true", "MM_LDAPSETTINGS_LDAPSERVER", "ldap.corp"),
            "LdapSettings.BaseDN: must be set when LdapSettings.Enable"),
        invalid(Map.of("MM_LDAPSETTINGS_SYNCINTERVALMINUTES", "0"), "LdapSettings.SyncIntervalMinutes: must be greater than 0, got 0"),
        invalid(Map.of("MM_LDAPSETTINGS_MAXPAGESIZE", "-1"), "LdapSettings.MaxPageSize: must be at least 0, got -1"),
        invalid(Map.of("MM_LDAPSETTINGS_LDAPPORT", "70000"), "LdapSettings.LdapPort: 70000 is not in 0-65535"),
        invalid(Map.of("MM_MESSAGEEXPORTSETTINGS_EXPORTFORMAT", "globalrelay"),
            "MessageExportSettings.ExportFormat: \"globalrelay\" is not one of csv, actiance (Global Relay is not supported by Chorus)"),
        invalid(Map.of("MM_MESSAGEEXPORTSETTINGS_EXPORTFORMAT", "pdf"), "MessageExportSettings.ExportFormat: \"pdf\" is not one of csv, actiance"),
        invalid(Map.of("MM_MESSAGEEXPORTSETTINGS_DAILYRUNTIME", "25:00"), "MessageExportSettings.DailyRunTime: \"25:00\" is not a time of day HH:MM"),
        invalid(Map.of("MM_MESSAGEEXPORTSETTINGS_BATCHSIZE", "0"), "MessageExportSettings.BatchSize: must be greater than 0, got 0"),
        invalid(Map.of("MM_MESSAGEEXPORTSETTINGS_EXPORTFROMTIMESTAMP", "-1"), "MessageExportSettings.ExportFromTimestamp: must be at least 0"),
        invalid(Map.of("MM_METRICSSETTINGS_LISTENADDRESS", "metrics"), "MetricsSettings.ListenAddress: \"metrics\" is not [host]:port"),
        invalid(Map.of("MM_RATELIMITSETTINGS_ENABLE", "true", "MM_RATELIMITSETTINGS_PERSEC", "0"),
            "RateLimitSettings.PerSec: must be greater than 0"),
        invalid(Map.of("MM_RATELIMITSETTINGS_ENABLE", "true", "MM_RATELIMITSETTINGS_MAXBURST", "0"),
            "RateLimitSettings.MaxBurst: must be greater than 0"));
  }

  private static Arguments invalid(Map<String, String> environment, String expectedMessageStart) {
    return Arguments.of(environment, expectedMessageStart);
  }

  @ParameterizedTest
  @MethodSource("invalidSettings")
  void anInvalidSettingStopsLoadingWithAMessageNamingIt(Map<String, String> environment, String expectedMessageStart) {
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), environment))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(expectedMessageStart);
  }

  @Test
  void boundaryValuesAreAccepted() {
    Map<String, String> environment = Map.ofEntries(
        Map.entry("MM_SERVICESETTINGS_LISTENADDRESS", ":0"),
        Map.entry("MM_METRICSSETTINGS_LISTENADDRESS", "[::1]:65535"),
        Map.entry("MM_CLUSTERSETTINGS_ENABLE", "true"),
        Map.entry("MM_CLUSTERSETTINGS_CLUSTERNAME", "Chorus_prod-1"),
        Map.entry("MM_CLUSTERSETTINGS_GOSSIPPORT", "0"),
        Map.entry("MM_CLUSTERSETTINGS_MANAGEMENTPORT", "65535"),
        Map.entry("MM_PASSWORDSETTINGS_MINIMUMLENGTH", "72"),
        Map.entry("MM_SQLSETTINGS_MAXOPENCONNS", "1"),
        Map.entry("MM_SQLSETTINGS_MAXIDLECONNS", "0"),
        Map.entry("MM_SQLSETTINGS_QUERYTIMEOUT", "1"),
        Map.entry("MM_SQLSETTINGS_DATASOURCE", "postgres://mmuser:secret@db:5432/mattermost?sslmode=disable"),
        Map.entry("MM_SQLSETTINGS_DATASOURCEREPLICAS", "postgresql://r1/db jdbc:postgresql://r2:5432/db"),
        Map.entry("MM_LOGSETTINGS_CONSOLELEVEL", "debug"),
        Map.entry("MM_LOGSETTINGS_FILELEVEL", "Warn"),
        Map.entry("MM_RATELIMITSETTINGS_PERSEC", "0"),
        Map.entry("MM_SERVICESETTINGS_SITEURL", "https://chat.example.com/team"));

    assertThatCode(() -> ConfigLoader.load(Optional.empty(), environment)).doesNotThrowAnyException();
  }

  /** Mattermost refuses a MaximumLoginAttempts that is not positive (model.config.is_valid.login_attempts.app_error). */
  @Test
  void maximumLoginAttemptsMustBePositive() {
    for (String value : List.of("0", "-1")) {
      assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("MM_SERVICESETTINGS_MAXIMUMLOGINATTEMPTS", value)))
          .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
              .containsExactly("ServiceSettings.MaximumLoginAttempts: must be greater than 0, got " + value));
    }
    assertThat(ConfigLoader.load(Optional.empty(), Map.of("MM_SERVICESETTINGS_MAXIMUMLOGINATTEMPTS", "1"))
        .serviceSettings().maximumLoginAttempts()).isEqualTo(1);
  }

  @Test
  void theClusterNameIsNotRequiredWhileClusteringIsOff() {
    assertThatCode(() -> ConfigValidator.validate(ChorusConfig.defaults())).doesNotThrowAnyException();
  }

  @Test
  void aDataSourceIsNotEchoedBecauseItMayHoldAPassword() {
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("MM_SQLSETTINGS_DATASOURCE", "user:hunter2@db/chat")))
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void allProblemsAreReportedTogether() {
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(
        "MM_SQLSETTINGS_DRIVERNAME", "mysql",
        "MM_FILESETTINGS_DRIVERNAME", "amazons3",
        "MM_SERVICESETTINGS_LISTENADDRESS", "nope")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .extracting(problem -> problem.substring(0, problem.indexOf(':')))
            .isEqualTo(List.of("ServiceSettings.ListenAddress", "SqlSettings.DriverName", "FileSettings.AmazonS3Bucket")));
  }
}
