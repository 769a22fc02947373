package chorus.protocol.config;

import java.time.Duration;

/**
 * Data retention, with Mattermost's names and defaults. The {@code *Days} settings are
 * deprecated in Mattermost but still honoured: hours win when above 0, else days × 24
 * ({@code GetMessageRetentionHours}). {@code DeletionJobStartTime} is "HH:MM" in the server's
 * local time; {@code BatchSize} posts or files are deleted per batch, with
 * {@code TimeBetweenBatchesMilliseconds} between batches so the primary keeps room for requests.
 */
public record DataRetentionSettings(
    boolean enableMessageDeletion,
    boolean enableFileDeletion,
    int messageRetentionDays,
    int messageRetentionHours,
    int fileRetentionDays,
    int fileRetentionHours,
    String deletionJobStartTime,
    int batchSize,
    long timeBetweenBatchesMilliseconds) {

  public static DataRetentionSettings defaults() {
    return new DataRetentionSettings(false, false, 365, 0, 365, 0, "02:00", 3000, 100);
  }

  public Duration messageRetention() {
    return retention(messageRetentionHours, messageRetentionDays);
  }

  public Duration fileRetention() {
    return retention(fileRetentionHours, fileRetentionDays);
  }

  private static Duration retention(int hours, int days) {
    if (hours > 0) {
      return Duration.ofHours(hours);
    }
    return Duration.ofHours(24L * (days > 0 ? days : 365));
  }
}
