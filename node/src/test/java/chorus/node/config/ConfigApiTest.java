package chorus.node.config;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.NodeFixture;
import chorus.protocol.config.ConfigSecrets;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The config API on one real node started from a config file (clustering off, so the
 * configuration is writable under Mattermost's rule): what GET shows, what PUT and patch save
 * and apply, and what they refuse. Each test sets what it checks; they share the node.
 */
class ConfigApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LDAP_SECRET = "ldap-bind-s3cret";
  private static final String S3_SECRET = "s3-access-s3cret";

  @RegisterExtension
  static final NodeFixture node = NodeFixture.withConfigFile(Map.of(), "{\n"
      + "  \"TeamSettings\": {\"SiteName\": \"Configured\"},\n"
      + "  \"LdapSettings\": {\"BindPassword\": \"" + LDAP_SECRET + "\"},\n"
      + "  \"FileSettings\": {\"AmazonS3SecretAccessKey\": \"" + S3_SECRET + "\"},\n"
      + "  \"EmailSettings\": {\"SMTPServer\": \"mail.example\"}\n"
      + "}\n");

  @RegisterExtension
  static final NodeFixture withoutFile = NodeFixture.withAdmin();

  private static ApiClient admin() {
    return node.admin();
  }

  private static JsonNode file() throws Exception {
    return JSON.readTree(Files.readString(node.configFile()));
  }

  private static ApiClient.Response patch(Map<String, Object> settings) {
    return admin().put("/config/patch", settings);
  }

  @Test
  void getShowsTheConfigAsConfigJsonHoldsItAndNeverASecret() {
    ApiClient.Response got = admin().get("/config");

    assertThat(got.status()).isEqualTo(200);
    assertThat(got.header("Cache-Control")).contains("no-store");
    assertThat(got.body().at("/TeamSettings/SiteName").asText()).isEqualTo("Configured");
    assertThat(got.body().has("ServiceSettings")).isTrue();
    assertThat(got.body().at("/ServiceSettings/SiteURL").isTextual()).isTrue();
    assertThat(got.rawBody()).doesNotContain(LDAP_SECRET, S3_SECRET);
    assertThat(got.body().at("/LdapSettings/BindPassword").asText()).isEqualTo(ConfigSecrets.FAKE_SETTING);
    assertThat(got.body().at("/FileSettings/AmazonS3SecretAccessKey").asText()).isEqualTo(ConfigSecrets.FAKE_SETTING);
    assertThat(got.body().at("/SqlSettings/DataSource").asText()).isEqualTo(ConfigSecrets.FAKE_SETTING);
  }

  @Test
  void aWholeConfigSentBackWithItsMasksKeepsTheSecretsAndSavesTheChange() throws Exception {
    ObjectNode config = (ObjectNode) admin().get("/config").body();
    config.withObjectProperty("TeamSettings").put("SiteName", "Renamed by PUT");

    ApiClient.Response put = admin().put("/config", config);

    assertThat(put.status()).isEqualTo(200);
    assertThat(put.body().at("/TeamSettings/SiteName").asText()).isEqualTo("Renamed by PUT");
    assertThat(put.rawBody()).doesNotContain(LDAP_SECRET, S3_SECRET);
    JsonNode file = file();
    assertThat(file.at("/TeamSettings/SiteName").asText()).isEqualTo("Renamed by PUT");
    assertThat(file.at("/LdapSettings/BindPassword").asText()).isEqualTo(LDAP_SECRET);
    assertThat(file.at("/FileSettings/AmazonS3SecretAccessKey").asText()).isEqualTo(S3_SECRET);
    // What Chorus does not know stays in the file.
    assertThat(file.at("/EmailSettings/SMTPServer").asText()).isEqualTo("mail.example");
    assertThat(admin().get("/config/client?format=old").body().path("SiteName").asText()).isEqualTo("Renamed by PUT");
  }

  @Test
  void anInvalidValueIsA400NamingTheSettingAndChangesNothing() throws Exception {
    byte[] before = Files.readAllBytes(node.configFile());
    String versionBefore = admin().get("/config").header("X-Version-Id");

    ApiClient.Response tooShort = patch(Map.of("PasswordSettings", Map.of("MinimumLength", 2)));
    ApiClient.Response wrongType = patch(Map.of("SqlSettings", Map.of("MaxOpenConns", "many")));
    ApiClient.Response notAnObject = admin().put("/config", List.of(1, 2));

    assertThat(tooShort.status()).isEqualTo(400);
    assertThat(tooShort.errorId()).isEqualTo("model.config.is_valid.app_error");
    assertThat(tooShort.body().path("message").asText()).contains("PasswordSettings.MinimumLength");
    assertThat(wrongType.status()).isEqualTo(400);
    assertThat(wrongType.body().path("message").asText()).contains("SqlSettings.MaxOpenConns");
    assertThat(notAnObject.status()).isEqualTo(400);
    assertThat(Files.readAllBytes(node.configFile())).isEqualTo(before);
    assertThat(admin().get("/config").header("X-Version-Id")).isEqualTo(versionBefore);
  }

  @Test
  void aPatchIsWrittenAtomicallyAppliedAtOnceAndChangesTheConfigHash() throws Exception {
    Files.setPosixFilePermissions(node.configFile(), PosixFilePermissions.fromString("rw-------"));
    Object inode = Files.getAttribute(node.configFile(), "unix:ino");
    String versionBefore = admin().get("/system/ping").header("X-Version-Id");
    byte[] oversized = new byte[4000];
    java.util.Arrays.fill(oversized, (byte) 'a');
    String bigBody = "{\"channel_id\": \"none\", \"message\": \"" + new String(oversized) + "\"}";
    assertThat(admin().post("/posts", bigBody).status()).isNotEqualTo(413);
    try {
      ApiClient.Response patched = patch(Map.of("ServiceSettings", Map.of("MaximumPayloadSizeBytes", 2000)));

      assertThat(patched.status()).isEqualTo(200);
      assertThat(patched.header(ConfigRoutes.RESTART_HEADER)).isNull();
      assertThat(file().at("/ServiceSettings/MaximumPayloadSizeBytes").asInt()).isEqualTo(2000);
      // Replaced by a rename (a new inode), keeping the old file's permissions, with no temporary file left behind.
      assertThat(Files.getAttribute(node.configFile(), "unix:ino")).isNotEqualTo(inode);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(node.configFile()))).isEqualTo("rw-------");
      try (Stream<java.nio.file.Path> siblings = Files.list(node.configFile().getParent())) {
        assertThat(siblings.map(p -> p.getFileName().toString())).containsExactly("config.json");
      }
      // Applied at once: the payload limit of this very node.
      assertThat(admin().post("/posts", bigBody).status()).isEqualTo(413);
      assertThat(admin().get("/system/ping").header("X-Version-Id")).isNotEqualTo(versionBefore);
    } finally {
      patch(Map.of("ServiceSettings", Map.of("MaximumPayloadSizeBytes", 300_000)));
    }
    assertThat(admin().get("/system/ping").header("X-Version-Id")).isEqualTo(versionBefore);
  }

  @Test
  void passwordTeamAndRateLimitSettingsApplyWithoutARestart() {
    ApiClient user = node.client();
    String username = ApiClient.unique("pw");
    try {
      assertThat(patch(Map.of("PasswordSettings", Map.of("MinimumLength", 12),
          "RateLimitSettings", Map.of("Enable", true, "PerSec", 1000, "MaxBurst", 1000))).status()).isEqualTo(200);

      ApiClient.Response tooShort = user.post("/users", Map.of("username", username, "email", username + "@example.com",
          "password", "Passw0rd!"));
      assertThat(tooShort.status()).isEqualTo(400);
      assertThat(tooShort.errorId()).isEqualTo("model.user.is_valid.pwd.app_error");
      assertThat(tooShort.header("X-RateLimit-Limit")).isEqualTo("1001");

      String teamId = admin().createTeam("limits").path("id").asText();
      assertThat(patch(Map.of("TeamSettings", Map.of("MaxChannelsPerTeam", 1))).status()).isEqualTo(200);
      ApiClient.Response refused = admin().post("/channels", Map.of("team_id", teamId, "name", ApiClient.unique("c"),
          "display_name", "C", "type", "O"));
      assertThat(refused.errorId()).isEqualTo("api.channel.create_channel.max_channel_limit.app_error");
    } finally {
      patch(Map.of("PasswordSettings", Map.of("MinimumLength", 8), "RateLimitSettings", Map.of("Enable", false),
          "TeamSettings", Map.of("MaxChannelsPerTeam", 2000)));
    }
    assertThat(user.post("/users", Map.of("username", username, "email", username + "@example.com", "password", "Passw0rd!"))
        .status()).isEqualTo(201);
    assertThat(admin().get("/system/ping").header("X-RateLimit-Limit")).isNull();
  }

  @Test
  void aChangedSettingThatWaitsForARestartIsNamedInTheAnswer() {
    try {
      ApiClient.Response patched = patch(Map.of("ServiceSettings", Map.of("UserAwayAfterSeconds", 700)));

      assertThat(patched.status()).isEqualTo(200);
      assertThat(patched.header(ConfigRoutes.RESTART_HEADER)).isEqualTo("ServiceSettings.UserAwayAfterSeconds");
      assertThat(patched.body().at("/ServiceSettings/UserAwayAfterSeconds").asInt()).isEqualTo(700);
    } finally {
      patch(Map.of("ServiceSettings", Map.of("UserAwayAfterSeconds", 300)));
    }
  }

  @Test
  void aSettingTheEnvironmentSetsKeepsItsValueAndStaysOutOfTheFile() throws Exception {
    // The test node's environment sets MM_TEAMSETTINGS_ENABLEOPENSERVER=true.
    ApiClient.Response patched = patch(Map.of("TeamSettings", Map.of("EnableOpenServer", false)));

    assertThat(patched.status()).isEqualTo(200);
    assertThat(patched.body().at("/TeamSettings/EnableOpenServer").asBoolean()).isTrue();
    assertThat(file().at("/TeamSettings/EnableOpenServer").isMissingNode()).isTrue();
  }

  @Test
  void reloadingAHandEditedFileChangesTheConfigHash() throws Exception {
    String versionBefore = admin().get("/system/ping").header("X-Version-Id");
    ObjectNode edited = (ObjectNode) file();
    edited.withObjectProperty("TeamSettings").put("MaxChannelsPerTeam", 1234);
    Files.writeString(node.configFile(), edited.toString());

    assertThat(admin().post("/config/reload", Map.of()).status()).isEqualTo(200);

    assertThat(admin().get("/system/ping").header("X-Version-Id")).isNotEqualTo(versionBefore);
    assertThat(admin().get("/config").body().at("/TeamSettings/MaxChannelsPerTeam").asInt()).isEqualTo(1234);
  }

  @Test
  void onlySystemAdminsMayReadOrChangeTheConfig() {
    ApiClient user = node.client();
    user.signUp("plain");
    ApiClient anonymous = node.client();

    for (ApiClient.Response response : List.of(user.get("/config"), user.put("/config", Map.of()),
        user.put("/config/patch", Map.of("TeamSettings", Map.of("SiteName", "x"))))) {
      assertThat(response.status()).isEqualTo(403);
      assertThat(response.errorId()).isEqualTo("api.context.permissions.app_error");
    }
    for (ApiClient.Response response : List.of(anonymous.get("/config"), anonymous.put("/config", Map.of()),
        anonymous.put("/config/patch", Map.of()))) {
      assertThat(response.status()).isEqualTo(401);
    }
  }

  @Test
  void aNodeWithoutAConfigFileSaysSoInsteadOfSaving() {
    ApiClient.Response refused = withoutFile.admin().put("/config/patch", Map.of("TeamSettings", Map.of("SiteName", "x")));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.errorId()).isEqualTo("api.config.update_config.no_config_file.app_error");
    assertThat(refused.body().path("message").asText()).contains("config file");
    assertThat(withoutFile.admin().get("/config").status()).isEqualTo(200);
  }
}
