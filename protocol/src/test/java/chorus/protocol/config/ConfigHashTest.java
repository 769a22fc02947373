package chorus.protocol.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigHashTest {

  @Test
  void isTheMd5HexOfTheConfig() {
    assertThat(ConfigHash.hash(ChorusConfig.defaults())).matches("[0-9a-f]{32}");
  }

  @Test
  void isStableForEqualConfigs() {
    ChorusConfig config = ConfigLoader.load(Optional.empty(), Map.of("MM_SERVICESETTINGS_SITEURL", "http://a"));

    assertThat(ConfigHash.hash(config))
        .isEqualTo(ConfigHash.hash(ConfigLoader.load(Optional.empty(), Map.of("MM_SERVICESETTINGS_SITEURL", "http://a"))));
  }

  @Test
  void ignoresClusterSettingsBecauseTheyDifferPerNode() {
    ChorusConfig node2 = ConfigLoader.load(Optional.empty(), Map.of(
        "MM_CLUSTERSETTINGS_ENABLE", "true",
        "MM_CLUSTERSETTINGS_CLUSTERNAME", "prod",
        "MM_SQLSETTINGS_DATASOURCE", "postgres://db/mattermost",
        "MM_CLUSTERSETTINGS_OVERRIDEHOSTNAME", "node2.internal",
        "MM_CLUSTERSETTINGS_GOSSIPPORT", "9074",
        "MM_CLUSTERSETTINGS_MANAGEMENTPORT", "9558"));

    ChorusConfig node1 = ConfigLoader.load(Optional.empty(), Map.of("MM_SQLSETTINGS_DATASOURCE", "postgres://db/mattermost"));
    assertThat(ConfigHash.hash(node2)).isEqualTo(ConfigHash.hash(node1));
  }

  @Test
  void changesWithAnyOtherSetting() {
    String defaults = ConfigHash.hash(ChorusConfig.defaults());

    for (Map<String, String> change : List.of(
        Map.of("MM_SERVICESETTINGS_SITEURL", "http://chat.example.com"),
        Map.of("MM_SQLSETTINGS_MAXOPENCONNS", "299"),
        Map.of("MM_SQLSETTINGS_DATASOURCEREPLICAS", "postgres://r1/db"),
        Map.of("MM_TEAMSETTINGS_ENABLEOPENSERVER", "true"),
        Map.of("MM_JOBSETTINGS_RUNSCHEDULER", "false"))) {
      assertThat(ConfigHash.hash(ConfigLoader.load(Optional.empty(), change))).as(change.toString()).isNotEqualTo(defaults);
    }
  }
}
