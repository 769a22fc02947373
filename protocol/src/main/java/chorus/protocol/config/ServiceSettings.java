package chorus.protocol.config;

public record ServiceSettings(
    String siteUrl,
    String listenAddress,
    long maximumPayloadSizeBytes,
    int maximumUrlLength,
    int sessionLengthWebInHours,
    boolean enableDeveloper,
    boolean experimentalStrictCsrfEnforcement,
    boolean enableUserTypingMessages,
    long timeBetweenUserTypingUpdatesMilliseconds,
    int userAwayAfterSeconds) {

  public static ServiceSettings defaults() {
    return new ServiceSettings("", ":8065", 300_000, 2048, 720, false, false, true, 5000, 300);
  }
}
