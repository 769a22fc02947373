package chorus.node.system;

/**
 * What the node tells clients about itself. {@code version} is the Mattermost API level Chorus
 * speaks (clients gate features on it); {@code buildNumber} names the Chorus build.
 */
public record ServerVersion(String version, String buildNumber, String configHash, String hostname) {
  public static final String MATTERMOST_API_LEVEL = "10.11.0";

  /** Mattermost's {@code X-Version-Id} / hello {@code server_version}: version.build.config-hash.licensed. */
  public String versionId() {
    return version + "." + buildNumber + "." + configHash + ".false";
  }
}
