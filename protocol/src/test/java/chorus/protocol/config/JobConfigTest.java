package chorus.protocol.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalTime;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobConfigTest {
  @Test
  void defaultsAreMattermosts() {
    ChorusConfig config = ConfigLoader.load(Optional.empty(), Map.of());
    assertThat(config.jobSettings().runJobs()).isTrue();
    assertThat(config.jobSettings().runScheduler()).isTrue();
    assertThat(config.jobSettings().cleanupJobsThresholdDays()).isEqualTo(-1);
    assertThat(config.jobSettings().pollInterval()).isEqualTo(Duration.ofSeconds(15));
    DataRetentionSettings retention = config.dataRetentionSettings();
    assertThat(retention.enableMessageDeletion()).isFalse();
    assertThat(retention.deletionJobStartTime()).isEqualTo("02:00");
    assertThat(retention.batchSize()).isEqualTo(3000);
    assertThat(retention.timeBetweenBatchesMilliseconds()).isEqualTo(100);
    assertThat(retention.messageRetention()).isEqualTo(Duration.ofDays(365));
  }

  @Test
  void hoursWinOverDaysAsInMattermost() {
    ChorusConfig config = ConfigLoader.load(Optional.empty(), Map.of(
        "MM_DATARETENTIONSETTINGS_MESSAGERETENTIONDAYS", "10",
        "MM_DATARETENTIONSETTINGS_MESSAGERETENTIONHOURS", "5",
        "MM_DATARETENTIONSETTINGS_FILERETENTIONDAYS", "7"));
    assertThat(config.dataRetentionSettings().messageRetention()).isEqualTo(Duration.ofHours(5));
    assertThat(config.dataRetentionSettings().fileRetention()).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void badValuesNameTheirSetting() {
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(
        "MM_DATARETENTIONSETTINGS_DELETIONJOBSTARTTIME", "25:00",
        "MM_DATARETENTIONSETTINGS_BATCHSIZE", "0",
        "MM_JOBSETTINGS_LEASEMILLISECONDS", "10",
        "MM_JOBSETTINGS_CLEANUPJOBSTHRESHOLDDAYS", "-2")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("DataRetentionSettings.DeletionJobStartTime")
        .hasMessageContaining("DataRetentionSettings.BatchSize")
        .hasMessageContaining("JobSettings.LeaseMilliseconds")
        .hasMessageContaining("JobSettings.CleanupJobsThresholdDays");
  }

  @Test
  void timesOfDayReadLikeGo() {
    assertThat(TimeOfDay.parse("2:05")).contains(LocalTime.of(2, 5));
    assertThat(TimeOfDay.parse("23:59")).contains(LocalTime.of(23, 59));
    assertThat(TimeOfDay.parse("24:00")).isEmpty();
    assertThat(TimeOfDay.parse("2pm")).isEmpty();
  }
}
