package chorus.protocol.config;

/**
 * File storage. {@code local} keeps files under {@code Directory} (empty means
 * {@code <data dir>/files}); in a cluster that directory must be one shared mount (NAS) seen by
 * every node. {@code amazons3} keeps them in a bucket; a custom {@code AmazonS3Endpoint} (MinIO,
 * Ceph, s3proxy) gets path-style addressing, as Mattermost does. Names and defaults are
 * Mattermost's.
 */
public record FileSettings(
    String driverName,
    String directory,
    long maxFileSize,
    boolean enableFileAttachments,
    String amazonS3Bucket,
    String amazonS3Endpoint,
    String amazonS3AccessKeyId,
    String amazonS3SecretAccessKey,
    String amazonS3Region,
    boolean amazonS3SSL,
    String amazonS3PathPrefix) {
  public static final String LOCAL = "local";
  public static final String AMAZON_S3 = "amazons3";
  public static final String AWS_ENDPOINT = "s3.amazonaws.com";

  public static FileSettings defaults() {
    return new FileSettings(LOCAL, "", 104_857_600L, true, "", AWS_ENDPOINT, "", "", "", true, "");
  }

  /** Amazon's own endpoint uses virtual-host addressing; anything else is an S3-compatible server. */
  public boolean customS3Endpoint() {
    return amazonS3Endpoint != null && !amazonS3Endpoint.isBlank() && !AWS_ENDPOINT.equalsIgnoreCase(amazonS3Endpoint.trim());
  }

  /** The secret never appears in logs or in {@code toString}. */
  @Override
  public String toString() {
    return "FileSettings[driverName=" + driverName + ", directory=" + directory + ", maxFileSize=" + maxFileSize
        + ", enableFileAttachments=" + enableFileAttachments + ", amazonS3Bucket=" + amazonS3Bucket + ", amazonS3Endpoint="
        + amazonS3Endpoint + ", amazonS3Region=" + amazonS3Region + ", amazonS3SSL=" + amazonS3SSL + ", amazonS3PathPrefix="
        + amazonS3PathPrefix + "]";
  }
}
