package chorus.protocol.config;

/**
 * Mattermost's metrics settings, plus {@code TickIntervalSeconds} (Chorus's own): how often
 * the numbers behind {@code /metrics} are refreshed. Mattermost's values are live at every
 * scrape; Kamon, which Chorus uses, collects in ticks.
 */
public record MetricsSettings(boolean enable, String listenAddress, int tickIntervalSeconds) {
  public static MetricsSettings defaults() {
    return new MetricsSettings(false, ":8067", 10);
  }
}
