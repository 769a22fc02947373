package chorus.node.config;

import java.util.List;

/**
 * The one list of settings a node applies only when it starts: the parts that bind ports,
 * form the cluster, size thread pools or start schedules read them once. Every other setting
 * takes effect on a reload or a save through the config API: the components that use it read
 * {@link LiveConfig#current()} per use, or listen for changes. A reload that changes one of
 * these logs it, and the config API says so in its response; the README lists them too.
 */
public final class RestartSettings {
  /** {@code Section.Setting}, or {@code Section.*} for a whole section. */
  static final List<String> NEEDING_RESTART = List.of(
      "ServiceSettings.ListenAddress",            // the HTTP port is bound at start
      "ServiceSettings.SessionLengthWebInHours",  // read by the login routes when they are built
      "ServiceSettings.UserAwayAfterSeconds",     // given to the presence entities at start
      "ServiceSettings.WebSocketResumeWindowSeconds", // WebSocket timings and the event-log pruning
      "ServiceSettings.ShutdownDrainSeconds",     // registered with coordinated shutdown at start
      "FileSettings.DriverName",                  // the file store is opened at start
      "FileSettings.Directory",
      "FileSettings.AmazonS3Bucket",
      "FileSettings.AmazonS3Endpoint",
      "FileSettings.AmazonS3AccessKeyId",
      "FileSettings.AmazonS3SecretAccessKey",
      "FileSettings.AmazonS3Region",
      "FileSettings.AmazonS3SSL",
      "FileSettings.AmazonS3PathPrefix",
      "ClusterSettings.Enable",                   // the actor system, its name and ports
      "ClusterSettings.ClusterName",
      "ClusterSettings.OverrideHostname",
      "ClusterSettings.UseIPAddress",
      "ClusterSettings.GossipPort",
      "ClusterSettings.ManagementPort",
      "MetricsSettings.*",                        // the metrics port and its tick
      "JobSettings.RunJobs",                      // the job worker and scheduler start once
      "JobSettings.RunScheduler",
      "JobSettings.PollIntervalMilliseconds",
      "JobSettings.SchedulerIntervalMilliseconds",
      "JobSettings.LeaseMilliseconds",
      "JobSettings.MaxConcurrentJobs");

  private RestartSettings() {}

  /** Those of {@code changed} (as {@code Section.Setting}) that take effect only at the next start. */
  public static List<String> among(List<String> changed) {
    return changed.stream().filter(RestartSettings::needsRestart).toList();
  }

  public static boolean needsRestart(String setting) {
    String section = setting.substring(0, Math.max(0, setting.indexOf('.')));
    return NEEDING_RESTART.contains(setting) || NEEDING_RESTART.contains(section + ".*");
  }

  /** The list, for documentation and tests. */
  public static List<String> all() {
    return NEEDING_RESTART;
  }
}
