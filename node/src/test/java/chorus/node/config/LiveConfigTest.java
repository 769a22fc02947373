package chorus.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chorus.protocol.config.ChorusConfig;
import chorus.protocol.config.ConfigException;
import chorus.protocol.config.ConfigLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class LiveConfigTest {
  private final Map<String, String> environment = new ConcurrentHashMap<>(Map.of("MM_SQLSETTINGS_MAXOPENCONNS", "20"));
  private final LiveConfig config = LiveConfig.load(() -> ConfigLoader.load(Optional.empty(), Map.copyOf(environment)));
  private final List<String> heard = new ArrayList<>();

  @Test
  void aReloadThatChangesNothingTellsNoListener() {
    config.addListener((previous, current) -> heard.add("changed"));

    assertThat(config.reload().changed()).isFalse();
    assertThat(heard).isEmpty();
  }

  @Test
  void aChangedSettingReachesListenersAndBecomesCurrent() {
    config.addListener((previous, current) ->
        heard.add(previous.sqlSettings().maxOpenConns() + "->" + current.sqlSettings().maxOpenConns()));
    environment.put("MM_SQLSETTINGS_MAXOPENCONNS", "30");

    LiveConfig.Reloaded reloaded = config.reload();

    assertThat(reloaded.changed()).isTrue();
    assertThat(heard).containsExactly("20->30");
    assertThat(config.current().sqlSettings().maxOpenConns()).isEqualTo(30);
  }

  @Test
  void aReloadNamesTheChangedSettingsAndThoseThatWaitForARestart() {
    environment.put("MM_SERVICESETTINGS_LISTENADDRESS", ":9065");
    environment.put("MM_TEAMSETTINGS_SITENAME", "Reloaded");

    LiveConfig.Reloaded reloaded = config.reload();

    assertThat(reloaded.changedSettings()).containsExactly("ServiceSettings.ListenAddress", "TeamSettings.SiteName");
    assertThat(reloaded.restartNeeded()).containsExactly("ServiceSettings.ListenAddress");
    assertThat(config.reload().changedSettings()).isEmpty();
  }

  @Test
  void aListenerThatRefusesKeepsTheOldConfig() {
    ChorusConfig before = config.current();
    config.addListener((previous, current) -> {
      throw new IllegalStateException("cannot reach the new primary");
    });
    environment.put("MM_SQLSETTINGS_MAXOPENCONNS", "30");

    assertThatThrownBy(config::reload).hasMessage("cannot reach the new primary");
    assertThat(config.current()).isSameAs(before);
  }

  @Test
  void anInvalidSourceIsRefusedAndTheOldConfigStays() {
    ChorusConfig before = config.current();
    environment.put("MM_SQLSETTINGS_REPLICALAGLIMITMILLISECONDS", "-1");

    assertThatThrownBy(config::reload).isInstanceOf(ConfigException.class)
        .hasMessageContaining("SqlSettings.ReplicaLagLimitMilliseconds");
    assertThat(config.current()).isSameAs(before);
  }
}
