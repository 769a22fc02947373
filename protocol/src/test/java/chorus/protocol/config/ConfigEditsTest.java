package chorus.protocol.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigEditsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET_DSN = "postgres://chorus:s3cret@db.example:5432/chorus";

  private static ObjectNode json(String text) throws Exception {
    return (ObjectNode) JSON.readTree(text);
  }

  private static ChorusConfig load(ObjectNode file, Map<String, String> env) {
    return ConfigLoader.loadDetailed(file, env).config();
  }

  @Test
  void aMaskedConfigHoldsNoSecretAndTheMaskSentBackKeepsThem() throws Exception {
    ObjectNode file = json("{\"SqlSettings\": {\"DataSource\": \"" + SECRET_DSN + "\", \"DataSourceReplicas\": [\"" + SECRET_DSN
        + "\"]}, \"FileSettings\": {\"AmazonS3SecretAccessKey\": \"s3-secret\"}, \"LdapSettings\": {\"BindPassword\": \"ldap-secret\"}}");
    ChorusConfig current = load(file, Map.of());

    ObjectNode masked = ConfigSecrets.masked(current);

    assertThat(masked.toString()).doesNotContain("s3cret", "s3-secret", "ldap-secret");
    assertThat(masked.at("/SqlSettings/DataSource").asText()).isEqualTo(ConfigSecrets.FAKE_SETTING);
    assertThat(masked.at("/SqlSettings/DataSourceReplicas/0").asText()).isEqualTo(ConfigSecrets.FAKE_SETTING);
    assertThat(masked.at("/FileSettings/AmazonS3SecretAccessKey").asText()).isEqualTo(ConfigSecrets.FAKE_SETTING);
    assertThat(masked.at("/LdapSettings/BindPassword").asText()).isEqualTo(ConfigSecrets.FAKE_SETTING);

    masked.withObjectProperty("TeamSettings").put("SiteName", "Renamed");
    ObjectNode changes = ConfigEdits.changes(masked, ConfigEdits.Kind.REPLACE, current, file, List.of());

    assertThat(changes.toString()).isEqualTo("{\"TeamSettings\":{\"SiteName\":\"Renamed\"}}");
  }

  @Test
  void anUnsetSecretReadsAsEmptyNotAsTheMask() {
    ObjectNode masked = ConfigSecrets.masked(ChorusConfig.defaults());

    assertThat(masked.at("/LdapSettings/BindPassword").asText()).isEmpty();
    assertThat(masked.at("/FileSettings/AmazonS3SecretAccessKey").asText()).isEmpty();
  }

  @Test
  void aPatchChangesOnlyWhatItSendsAndAReplaceResetsWhatItLeavesOut() throws Exception {
    ObjectNode file = json("{\"TeamSettings\": {\"MaxUsersPerTeam\": 70}, \"EmailSettings\": {\"SMTPServer\": \"mail\"}}");
    ChorusConfig current = load(file, Map.of());
    JsonNode body = json("{\"PasswordSettings\": {\"MinimumLength\": 12}, \"NoSuchSection\": {\"X\": 1}}");

    assertThat(ConfigEdits.changes(body, ConfigEdits.Kind.PATCH, current, file, List.of()).toString())
        .isEqualTo("{\"PasswordSettings\":{\"MinimumLength\":12}}");
    assertThat(ConfigEdits.changes(body, ConfigEdits.Kind.REPLACE, current, file, List.of()).toString())
        .isEqualTo("{\"TeamSettings\":{\"MaxUsersPerTeam\":50},\"PasswordSettings\":{\"MinimumLength\":12}}");
  }

  @Test
  void aSettingTheEnvironmentOverridesKeepsItsStoredValue() throws Exception {
    ObjectNode file = json("{\"TeamSettings\": {\"SiteName\": \"From file\"}}");
    Map<String, String> env = Map.of("MM_TEAMSETTINGS_SITENAME", "From env");
    LoadedConfig loaded = ConfigLoader.loadDetailed(file, env);
    ObjectNode body = ConfigSecrets.masked(loaded.config());
    body.withObjectProperty("TeamSettings").put("MaxChannelsPerTeam", 10);

    ObjectNode changes = ConfigEdits.changes(body, ConfigEdits.Kind.REPLACE, loaded.config(), file, loaded.environmentOverrides());

    assertThat(changes.toString()).isEqualTo("{\"TeamSettings\":{\"MaxChannelsPerTeam\":10}}");
    assertThat(load(ConfigEdits.apply(file, changes), env).teamSettings().siteName()).isEqualTo("From env");
    assertThat(load(ConfigEdits.apply(file, changes), Map.of()).teamSettings().siteName()).isEqualTo("From file");
  }

  @Test
  void aValueOfTheWrongTypeIsRefusedNamingTheSetting() throws Exception {
    ChorusConfig current = ChorusConfig.defaults();

    assertThatThrownBy(() -> ConfigEdits.changes(json("{\"SqlSettings\": {\"MaxOpenConns\": \"many\"}}"), ConfigEdits.Kind.PATCH,
        current, json("{}"), List.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("SqlSettings.MaxOpenConns");
    assertThatThrownBy(() -> ConfigEdits.changes(JSON.readTree("[1]"), ConfigEdits.Kind.PATCH, current, json("{}"), List.of()))
        .isInstanceOf(ConfigException.class);
  }

  @Test
  void changesReplaceASettingWhateverItsCaseAndKeepWhatChorusDoesNotKnow() throws Exception {
    ObjectNode file = json("{\"teamsettings\": {\"sitename\": \"Old\", \"CustomBrandText\": \"kept\"}, \"EmailSettings\": {\"SMTPPort\": \"25\"}}");

    ObjectNode written = ConfigEdits.apply(file, json("{\"TeamSettings\": {\"SiteName\": \"New\"}, \"LogSettings\": {\"ConsoleLevel\": \"DEBUG\"}}"));

    assertThat(written.toString()).isEqualTo("{\"teamsettings\":{\"CustomBrandText\":\"kept\",\"SiteName\":\"New\"},"
        + "\"EmailSettings\":{\"SMTPPort\":\"25\"},\"LogSettings\":{\"ConsoleLevel\":\"DEBUG\"}}");
    assertThat(load(written, Map.of()).teamSettings().siteName()).isEqualTo("New");
  }

  @Test
  void changedSettingsNamesEachDifferingSetting() {
    ChorusConfig before = ChorusConfig.defaults();
    ChorusConfig after = load(JSON.createObjectNode().set("LogSettings", JSON.createObjectNode().put("ConsoleLevel", "DEBUG")), Map.of());

    assertThat(ConfigDiff.changedSettings(before, after)).containsExactly("LogSettings.ConsoleLevel");
    assertThat(ConfigDiff.changedSettings(before, before)).isEmpty();
  }
}
