package chorus.node.system;

import java.util.function.Supplier;

/**
 * What the node tells clients about itself. {@code version} is the Mattermost API level Chorus
 * speaks (clients gate features on it); {@code buildNumber} names the Chorus build;
 * {@code configHash} is the current configuration's, so it follows reloads and saves.
 */
public record ServerVersion(String version, String buildNumber, Supplier<String> configHash, String hostname) {
  public static final String MATTERMOST_API_LEVEL = "10.11.0";

  /** A version whose configuration never changes. */
  public ServerVersion(String version, String buildNumber, String configHash, String hostname) {
    this(version, buildNumber, () -> configHash, hostname);
  }

  /** Mattermost's {@code X-Version-Id} / hello {@code server_version}: version.build.config-hash.licensed. */
  public String versionId() {
    return version + "." + buildNumber + "." + configHash.get() + ".false";
  }
}
