package chorus.protocol.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  @Test
  void noFileAndNoEnvironmentGivesTheDefaults() {
    LoadedConfig loaded = ConfigLoader.loadDetailed(Optional.empty(), Map.of());

    assertThat(loaded.config()).isEqualTo(ChorusConfig.defaults());
    assertThat(loaded.ignoredKeys()).isEmpty();
    assertThat(loaded.ignoredVariables()).isEmpty();
    assertThat(loaded.environmentOverrides()).isEmpty();
  }

  @Test
  void aPartialFileKeepsTheDefaultsForEverythingElse() throws IOException {
    Path file = write("{\"SqlSettings\": {\"MaxOpenConns\": 50}}");

    ChorusConfig config = ConfigLoader.load(Optional.of(file), Map.of());

    assertThat(config.sqlSettings().maxOpenConns()).isEqualTo(50);
    assertThat(config.sqlSettings().maxIdleConns()).isEqualTo(SqlSettings.defaults().maxIdleConns());
    assertThat(config.sqlSettings().driverName()).isEqualTo("postgres");
    assertThat(config.serviceSettings()).isEqualTo(ServiceSettings.defaults());
    assertThat(config.clusterSettings()).isEqualTo(ClusterSettings.defaults());
  }

  @Test
  void privacySettingsDefaultToShowingAndAreReadFromTheFile() throws IOException {
    Path file = write("{\"PrivacySettings\": {\"ShowEmailAddress\": false}}");

    ChorusConfig config = ConfigLoader.load(Optional.of(file), Map.of("MM_PRIVACYSETTINGS_SHOWFULLNAME", "false"));

    assertThat(ChorusConfig.defaults().privacySettings()).isEqualTo(new PrivacySettings(true, true));
    assertThat(config.privacySettings()).isEqualTo(new PrivacySettings(false, false));
  }

  @Test
  void ldapAndMessageExportSettingsUseMattermostsNamesAndDefaults() throws IOException {
    Path file = write("{\"LdapSettings\": {\"Enable\": true, \"LdapServer\": \"ldap.corp\", \"BaseDN\": \"dc=corp\","
        + " \"IdAttribute\": \"objectGUID\", \"UsernameAttribute\": \"sAMAccountName\", \"EmailAttribute\": \"mail\","
        + " \"ConnectionSecurity\": \"STARTTLS\", \"MaxPageSize\": 500},"
        + " \"MessageExportSettings\": {\"EnableExport\": true, \"ExportFormat\": \"csv\", \"DailyRunTime\": \"03:30\"}}");

    ChorusConfig config = ConfigLoader.load(Optional.of(file), Map.of("MM_LDAPSETTINGS_BINDPASSWORD", "s3cret"));

    assertThat(ChorusConfig.defaults().ldapSettings()).isEqualTo(new LdapSettings(false, false, "", 389, "", "", "", "", "", "", "", "",
        "", "", "", 60, 0, 60, 10));
    assertThat(ChorusConfig.defaults().messageExportSettings()).isEqualTo(new MessageExportSettings(false, "actiance", "01:00", 0, 10_000));
    LdapSettings ldap = config.ldapSettings();
    assertThat(ldap.baseDN()).isEqualTo("dc=corp");
    assertThat(ldap.connectionSecurity()).isEqualTo("STARTTLS");
    assertThat(ldap.maxPageSize()).isEqualTo(500);
    assertThat(ldap.bindPassword()).isEqualTo("s3cret");
    // LoginIdAttribute left empty means IdAttribute, as in Mattermost.
    assertThat(ldap.effectiveLoginIdAttribute()).isEqualTo("objectGUID");
    assertThat(ldap.toString()).doesNotContain("s3cret");
    assertThat(config.messageExportSettings()).isEqualTo(new MessageExportSettings(true, "csv", "03:30", 0, 10_000));
  }

  @Test
  void anEmptyObjectIsAValidFile() throws IOException {
    assertThat(ConfigLoader.load(Optional.of(write("{}")), Map.of())).isEqualTo(ChorusConfig.defaults());
  }

  @Test
  void keysMatchIgnoringCaseIncludingMattermostAcronyms() throws IOException {
    Path file = write("""
        {
          "ServiceSettings": {"SiteURL": "https://chat.example.com", "listenaddress": "127.0.0.1:9000",
                              "MaximumURLLength": 4096, "ExperimentalStrictCSRFEnforcement": true},
          "CLUSTERSETTINGS": {"UseIPAddress": false, "gossipPort": 9074}
        }
        """);

    ChorusConfig config = ConfigLoader.load(Optional.of(file), Map.of());

    assertThat(config.serviceSettings().siteUrl()).isEqualTo("https://chat.example.com");
    assertThat(config.serviceSettings().listenAddress()).isEqualTo("127.0.0.1:9000");
    assertThat(config.serviceSettings().maximumUrlLength()).isEqualTo(4096);
    assertThat(config.serviceSettings().experimentalStrictCsrfEnforcement()).isTrue();
    assertThat(config.clusterSettings().useIpAddress()).isFalse();
    assertThat(config.clusterSettings().gossipPort()).isEqualTo(9074);
  }

  @Test
  void s3SettingsUseMattermostsKeysAndTheEnvironmentWins() throws IOException {
    Path file = write("""
        {"FileSettings": {"DriverName": "amazons3", "AmazonS3Bucket": "files", "AmazonS3Endpoint": "minio:9000",
                          "AmazonS3SSL": false, "AmazonS3PathPrefix": "chat", "AmazonS3AccessKeyId": "key"}}
        """);

    FileSettings s3 = ConfigLoader.load(Optional.of(file), Map.of("MM_FILESETTINGS_AMAZONS3SECRETACCESSKEY", "secret")).fileSettings();

    assertThat(s3.driverName()).isEqualTo(FileSettings.AMAZON_S3);
    assertThat(s3.amazonS3Bucket()).isEqualTo("files");
    assertThat(s3.amazonS3SSL()).isFalse();
    assertThat(s3.amazonS3PathPrefix()).isEqualTo("chat");
    assertThat(s3.amazonS3SecretAccessKey()).isEqualTo("secret");
    assertThat(s3.customS3Endpoint()).isTrue();
    assertThat(s3.toString()).doesNotContain("secret");
    assertThat(FileSettings.defaults().customS3Endpoint()).as("Amazon's own endpoint").isFalse();
  }

  @Test
  void listsAndLongsAreRead() throws IOException {
    Path file = write("""
        {"SqlSettings": {"DataSourceReplicas": ["postgres://r1/db", "postgres://r2/db"],
                         "ConnMaxLifetimeMilliseconds": 7200000},
         "FileSettings": {"MaxFileSize": 5000000000}}
        """);

    ChorusConfig config = ConfigLoader.load(Optional.of(file), Map.of());

    assertThat(config.sqlSettings().dataSourceReplicas()).containsExactly("postgres://r1/db", "postgres://r2/db");
    assertThat(config.sqlSettings().connMaxLifetimeMilliseconds()).isEqualTo(7_200_000L);
    assertThat(config.fileSettings().maxFileSize()).isEqualTo(5_000_000_000L);
  }

  @Test
  void unknownSectionsAndSettingsAreIgnoredAndReported() throws IOException {
    Path file = write("""
        {"EmailSettings": {"EnableSignUpWithEmail": true},
         "ServiceSettings": {"EnableLinkPreviews": true, "SiteURL": "http://localhost:8065"},
         "SqlSettings": {"ReplicaLagSettings": [{"DataSource": "x"}]}}
        """);

    LoadedConfig loaded = ConfigLoader.loadDetailed(Optional.of(file), Map.of());

    assertThat(loaded.ignoredKeys())
        .containsExactly("EmailSettings", "ServiceSettings.EnableLinkPreviews", "SqlSettings.ReplicaLagSettings");
    assertThat(loaded.config().serviceSettings().siteUrl()).isEqualTo("http://localhost:8065");
  }

  @Test
  void nullKeepsTheDefaultAsMattermostsNilPointersDo() throws IOException {
    Path file = write("{\"ServiceSettings\": {\"ListenAddress\": null}, \"TeamSettings\": null}");

    ChorusConfig config = ConfigLoader.load(Optional.of(file), Map.of());

    assertThat(config.serviceSettings().listenAddress()).isEqualTo(":8065");
    assertThat(config.teamSettings()).isEqualTo(TeamSettings.defaults());
  }

  @Test
  void theEnvironmentWinsOverTheFile() throws IOException {
    Path file = write("{\"ServiceSettings\": {\"ListenAddress\": \":8065\"}, \"ClusterSettings\": {\"Enable\": false}}");

    LoadedConfig loaded = ConfigLoader.loadDetailed(Optional.of(file), Map.of(
        "MM_SERVICESETTINGS_LISTENADDRESS", ":9065",
        "MM_CLUSTERSETTINGS_ENABLE", "true",
        "MM_CLUSTERSETTINGS_CLUSTERNAME", "prod-1",
        "MM_SQLSETTINGS_DATASOURCE", "postgres://db/mattermost",
        "MM_SQLSETTINGS_MAXOPENCONNS", "42",
        "MM_FILESETTINGS_MAXFILESIZE", "6000000000"));

    ChorusConfig config = loaded.config();
    assertThat(config.serviceSettings().listenAddress()).isEqualTo(":9065");
    assertThat(config.clusterSettings().enable()).isTrue();
    assertThat(config.clusterSettings().clusterName()).isEqualTo("prod-1");
    assertThat(config.sqlSettings().maxOpenConns()).isEqualTo(42);
    assertThat(config.fileSettings().maxFileSize()).isEqualTo(6_000_000_000L);
    assertThat(loaded.environmentOverrides()).containsExactly(
        "ClusterSettings.ClusterName", "ClusterSettings.Enable", "FileSettings.MaxFileSize",
        "ServiceSettings.ListenAddress", "SqlSettings.DataSource", "SqlSettings.MaxOpenConns");
  }

  @Test
  void environmentListsSplitOnSpaces() {
    ChorusConfig config = ConfigLoader.load(Optional.empty(), Map.of(
        "MM_SQLSETTINGS_DATASOURCEREPLICAS", "postgres://r1/db postgres://r2/db",
        "MM_SQLSETTINGS_DATASOURCESEARCHREPLICAS", ""));

    assertThat(config.sqlSettings().dataSourceReplicas()).containsExactly("postgres://r1/db", "postgres://r2/db");
    assertThat(config.sqlSettings().dataSourceSearchReplicas()).isEmpty();
  }

  @Test
  void anEmptyEnvironmentListClearsTheFilesList() throws IOException {
    Path file = write("{\"SqlSettings\": {\"DataSourceReplicas\": [\"postgres://r1/db\"]}}");

    ChorusConfig config = ConfigLoader.load(Optional.of(file), Map.of("MM_SQLSETTINGS_DATASOURCEREPLICAS", ""));

    assertThat(config.sqlSettings().dataSourceReplicas()).isEmpty();
  }

  @Test
  void environmentNamesMatchIgnoringCaseAfterThePrefix() {
    ChorusConfig config = ConfigLoader.load(Optional.empty(), Map.of(
        "MM_ServiceSettings_SiteURL", "http://chat.local",
        "MM_CLUSTERSETTINGS_USEIPADDRESS", "false"));

    assertThat(config.serviceSettings().siteUrl()).isEqualTo("http://chat.local");
    assertThat(config.clusterSettings().useIpAddress()).isFalse();
  }

  @Test
  void environmentBooleansAcceptGoParseBoolForms() {
    for (String truthy : List.of("true", "TRUE", "True", "1", "t", "T")) {
      assertThat(ConfigLoader.load(Optional.empty(), Map.of("MM_JOBSETTINGS_RUNJOBS", truthy)).jobSettings().runJobs())
          .as(truthy).isTrue();
    }
    for (String falsy : List.of("false", "FALSE", "False", "0", "f", "F")) {
      assertThat(ConfigLoader.load(Optional.empty(), Map.of("MM_JOBSETTINGS_RUNJOBS", falsy)).jobSettings().runJobs())
          .as(falsy).isFalse();
    }
  }

  @Test
  void anEnvironmentValueThatDoesNotParseIsAnErrorNamingTheVariable() {
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("MM_SQLSETTINGS_MAXOPENCONNS", "lots")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("MM_SQLSETTINGS_MAXOPENCONNS: expected a 32-bit integer for SqlSettings.MaxOpenConns, got \"lots\"");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("MM_CLUSTERSETTINGS_ENABLE", "yes")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("MM_CLUSTERSETTINGS_ENABLE: expected a boolean");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("MM_SQLSETTINGS_QUERYTIMEOUT", "99999999999")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("MM_SQLSETTINGS_QUERYTIMEOUT: expected a 32-bit integer");
  }

  @Test
  void everyBadVariableIsReportedAtOnce() {
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(
        "MM_SQLSETTINGS_MAXOPENCONNS", "x", "MM_CLUSTERSETTINGS_GOSSIPPORT", "y")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(2));
  }

  @Test
  void unknownMmVariablesAndMmConfigAreIgnored() {
    LoadedConfig loaded = ConfigLoader.loadDetailed(Optional.empty(), Map.of(
        "MM_CONFIG", "/etc/chorus/config.json",
        "MM_EMAILSETTINGS_SMTPSERVER", "mail",
        "MM_SERVICESETTINGS_ENABLELINKPREVIEWS", "true",
        "MM_SQLSETTINGS_REPLICALAGSETTINGS_DATASOURCE", "x",
        "MM_LICENSE", "abc",
        "PATH", "/usr/bin",
        "mm_servicesettings_listenaddress", "not an address"));

    assertThat(loaded.config()).isEqualTo(ChorusConfig.defaults());
    assertThat(loaded.ignoredVariables()).containsExactly(
        "MM_EMAILSETTINGS_SMTPSERVER", "MM_LICENSE", "MM_SERVICESETTINGS_ENABLELINKPREVIEWS",
        "MM_SQLSETTINGS_REPLICALAGSETTINGS_DATASOURCE");
  }

  @Test
  void aWrongTypeInTheFileNamesTheSetting() throws IOException {
    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(write("{\"SqlSettings\": {\"MaxOpenConns\": \"300\"}}")), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("SqlSettings.MaxOpenConns: expected a 32-bit integer, got \"300\"");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(write("{\"clustersettings\": {\"enable\": \"true\"}}")), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("ClusterSettings.Enable: expected a boolean (true or false), got \"true\"");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(write("{\"SqlSettings\": {\"DataSourceReplicas\": \"postgres://r/db\"}}")), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("SqlSettings.DataSourceReplicas: expected a list of strings");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(write("{\"SqlSettings\": {\"QueryTimeout\": 1.5}}")), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("SqlSettings.QueryTimeout: expected a 32-bit integer");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(write("{\"SqlSettings\": {\"QueryTimeout\": 3000000000}}")), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("SqlSettings.QueryTimeout: expected a 32-bit integer");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(write("{\"ServiceSettings\": {\"SiteURL\": 8065}}")), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("ServiceSettings.SiteURL: expected a string, got 8065");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(write("{\"ServiceSettings\": \":8065\"}")), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("ServiceSettings: expected an object of settings");
  }

  @Test
  void malformedJsonNamesTheFileLineAndColumn() throws IOException {
    Path file = write("{\n  \"ServiceSettings\": {\n    \"ListenAddress\": \":8065\",\n  }\n}\n");

    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file + ": malformed JSON at line 4, column 3: ");
  }

  @Test
  void aFileThatIsNotAnObjectOrMissingIsAnError() throws IOException {
    Path array = write("[]");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(array), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(array + ": expected a JSON object");
    Path empty = write("");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(empty), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(empty + ": expected a JSON object");
    Path missing = dir.resolve("nope.json");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(missing), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(missing + ": config file not found");
  }

  @Test
  void theRepositorysConfigJsonLoads() {
    // Surefire runs in the module directory; the file is the one a fresh checkout runs with.
    Path file = Path.of("..", "config", "config.json");

    LoadedConfig loaded = ConfigLoader.loadDetailed(Optional.of(file), Map.of());

    ChorusConfig config = loaded.config();
    assertThat(loaded.ignoredKeys()).isEmpty();
    assertThat(config.serviceSettings().siteUrl()).isEqualTo("http://localhost:8065");
    assertThat(ListenAddress.parse(config.serviceSettings().listenAddress())).isEqualTo(new ListenAddress("", 8065));
    assertThat(config.teamSettings().enableOpenServer()).isTrue();
    assertThat(config.sqlSettings().isEmbedded()).isTrue();
    assertThat(config.fileSettings().driverName()).isEqualTo(FileSettings.LOCAL);
    assertThat(config.clusterSettings()).isEqualTo(ClusterSettings.defaults());
  }

  @Test
  void theConfigSerializesWithMattermostsSpelling() throws IOException {
    String json = ConfigJson.newMapper().writeValueAsString(ChorusConfig.defaults());

    assertThat(json).contains("\"SiteURL\"", "\"UseIPAddress\"", "\"MaximumURLLength\"", "\"ExperimentalStrictCSRFEnforcement\"",
        "\"ServiceSettings\"", "\"DataSourceReplicas\"", "\"ManagementPort\"");
    assertThat(json).doesNotContain("\"Embedded\"", "\"SiteUrl\"");
    assertThat(ConfigJson.newMapper().readValue(json, ChorusConfig.class)).isEqualTo(ChorusConfig.defaults());
  }

  private Path write(String json) throws IOException {
    return Files.writeString(Files.createTempFile(dir, "config", ".json"), json);
  }
}
