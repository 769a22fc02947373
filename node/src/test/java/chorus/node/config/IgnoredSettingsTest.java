package chorus.node.config;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.protocol.config.ChorusConfig;
import chorus.protocol.config.ConfigLoader;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Settings Chorus parses but ignores are named in one start-up warning when an operator sets them. */
class IgnoredSettingsTest {

  @Test
  void defaultsAskForNothingAndWarnOfNothing() {
    assertThat(IgnoredSettings.warning(ChorusConfig.defaults())).isEmpty();
  }

  /** ReadOnlyConfig blocks the config API now (ConfigApiClusterTest), so it is not named any more. */
  @Test
  void readOnlyConfigIsNoLongerNamed() {
    ChorusConfig config = ConfigLoader.load(Optional.empty(), Map.of(
        "MM_RATELIMITSETTINGS_ENABLE", "true",
        "MM_RATELIMITSETTINGS_VARYBYHEADER", "X-Forwarded-For",
        "MM_CLUSTERSETTINGS_READONLYCONFIG", "false",
        "MM_JOBSETTINGS_RUNJOBS", "false",
        "MM_JOBSETTINGS_RUNSCHEDULER", "false",
        "MM_TEAMSETTINGS_MAXUSERSPERTEAM", "7"));

    assertThat(IgnoredSettings.setIn(config)).isEmpty();
    assertThat(IgnoredSettings.warning(config)).isEmpty();
  }

  /** Rate limiting is acted on (see RateLimitTest), so it must not be named as ignored. */
  @Test
  void rateLimitSettingsAreNoLongerNamed() {
    ChorusConfig config = ConfigLoader.load(Optional.empty(), Map.of(
        "MM_RATELIMITSETTINGS_ENABLE", "true",
        "MM_RATELIMITSETTINGS_PERSEC", "3",
        "MM_RATELIMITSETTINGS_VARYBYHEADER", "X-Forwarded-For"));

    assertThat(IgnoredSettings.setIn(config)).isEmpty();
  }

  /** LDAP login, sync, export, jobs and metrics are all acted on now. */
  @Test
  void ldapExportJobAndMetricsSettingsAreNoLongerNamed() {
    ChorusConfig config = ConfigLoader.load(Optional.empty(), Map.of(
        "MM_LDAPSETTINGS_ENABLE", "true",
        "MM_LDAPSETTINGS_LDAPSERVER", "ldap.corp",
        "MM_LDAPSETTINGS_BASEDN", "dc=corp",
        "MM_LDAPSETTINGS_IDATTRIBUTE", "uid",
        "MM_LDAPSETTINGS_USERNAMEATTRIBUTE", "uid",
        "MM_LDAPSETTINGS_EMAILATTRIBUTE", "mail",
        "MM_LDAPSETTINGS_ENABLESYNC", "true",
        "MM_MESSAGEEXPORTSETTINGS_ENABLEEXPORT", "true",
        "MM_JOBSETTINGS_RUNJOBS", "false",
        "MM_METRICSSETTINGS_ENABLE", "true"));

    assertThat(IgnoredSettings.setIn(config)).isEmpty();
  }
}
