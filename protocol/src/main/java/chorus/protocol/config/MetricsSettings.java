package chorus.protocol.config;

public record MetricsSettings(boolean enable, String listenAddress) {
  public static MetricsSettings defaults() {
    return new MetricsSettings(false, ":8067");
  }
}
