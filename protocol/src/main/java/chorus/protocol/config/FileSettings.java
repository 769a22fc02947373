package chorus.protocol.config;

/** File storage; an empty {@code Directory} means {@code <data dir>/files}. */
public record FileSettings(String driverName, String directory, long maxFileSize, boolean enableFileAttachments) {
  public static final String LOCAL = "local";

  public static FileSettings defaults() {
    return new FileSettings(LOCAL, "", 104_857_600L, true);
  }
}
