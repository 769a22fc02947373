package chorus.protocol.config;

public record JobSettings(boolean runJobs, boolean runScheduler) {
  public static JobSettings defaults() {
    return new JobSettings(true, true);
  }
}
