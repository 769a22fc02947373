package chorus.node.config;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.protocol.config.ChorusConfig;
import chorus.protocol.config.ConfigJson;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestartSettingsTest {
  @Test
  void everyEntryNamesARealSettingOrSection() {
    JsonNode defaults = ConfigJson.newMapper().valueToTree(ChorusConfig.defaults());

    for (String entry : RestartSettings.all()) {
      String[] path = entry.split("\\.");
      assertThat(defaults.has(path[0])).as(entry).isTrue();
      assertThat(path[1].equals("*") || defaults.get(path[0]).has(path[1])).as(entry).isTrue();
    }
  }

  @Test
  void aSectionEntryCoversEachOfItsSettings() {
    assertThat(RestartSettings.among(List.of("MetricsSettings.ListenAddress", "TeamSettings.SiteName", "ServiceSettings.ListenAddress",
        "ServiceSettings.SiteURL"))).containsExactly("MetricsSettings.ListenAddress", "ServiceSettings.ListenAddress");
  }
}
