package chorus.protocol.config;

/**
 * Mattermost's {@code MessageExportSettings}, the part Chorus acts on: a daily compliance
 * export at {@code DailyRunTime} (UTC, "HH:MM") of the posts since the last successful one
 * (the first starts at {@code ExportFromTimestamp}, epoch ms), read {@code BatchSize} posts at
 * a time. {@code ExportFormat} is {@code csv} or {@code actiance}; Global Relay is not offered.
 */
public record MessageExportSettings(
    boolean enableExport,
    String exportFormat,
    String dailyRunTime,
    long exportFromTimestamp,
    int batchSize) {

  public static final String CSV = "csv";
  public static final String ACTIANCE = "actiance";

  public static MessageExportSettings defaults() {
    return new MessageExportSettings(false, ACTIANCE, "01:00", 0, 10_000);
  }
}
