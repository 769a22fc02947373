package chorus.node.config;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import chorus.node.ChorusNode;
import chorus.node.testkit.TestNode;
import chorus.protocol.config.ChorusConfig;
import chorus.protocol.config.ConfigLoader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Settings Chorus parses but ignores are named in one start-up warning when an operator sets them. */
class IgnoredSettingsTest {

  @Test
  void defaultsAskForNothingAndWarnOfNothing() {
    assertThat(IgnoredSettings.warning(ChorusConfig.defaults())).isEmpty();
  }

  @Test
  void everyChangedIgnoredSettingIsNamedWithItsValue() {
    ChorusConfig config = ConfigLoader.load(Optional.empty(), Map.of(
        "MM_RATELIMITSETTINGS_ENABLE", "true",
        "MM_RATELIMITSETTINGS_VARYBYHEADER", "X-Forwarded-For",
        "MM_CLUSTERSETTINGS_READONLYCONFIG", "false",
        "MM_JOBSETTINGS_RUNJOBS", "false",
        "MM_JOBSETTINGS_RUNSCHEDULER", "false",
        "MM_TEAMSETTINGS_MAXUSERSPERTEAM", "7"));

    assertThat(IgnoredSettings.setIn(config)).containsExactly("ClusterSettings.ReadOnlyConfig=false");
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

  /** Before this warning the node started silently with settings "enabled" that did nothing. */
  @Test
  void aStartingNodeLogsOneWarningNamingThem() {
    Logger logger = (Logger) LoggerFactory.getLogger(ChorusNode.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try (TestNode node = TestNode.start(Map.of(
        "MM_CLUSTERSETTINGS_READONLYCONFIG", "false",
        "MM_METRICSSETTINGS_ENABLE", "false",
        "MM_JOBSETTINGS_RUNJOBS", "false"))) {
      List<String> warnings = appender.list.stream()
          .filter(event -> event.getLevel() == Level.WARN)
          .map(ILoggingEvent::getFormattedMessage)
          .filter(message -> message.contains("not acted on"))
          .toList();

      assertThat(warnings).hasSize(1);
      assertThat(warnings.get(0)).contains("ClusterSettings.ReadOnlyConfig=false")
          .doesNotContain("RunJobs", "MetricsSettings");
    } finally {
      logger.detachAppender(appender);
    }
  }
}
