package chorus.protocol.config;

/**
 * Service settings. Two are Chorus additions: {@code WebSocketResumeWindowSeconds}, how long a
 * closed WebSocket connection stays resumable (Mattermost keeps an inactive connection about
 * five minutes), and {@code ShutdownDrainSeconds}, how long a stopping node reports itself not
 * ready before it hands its WebSockets off and closes its port, so that a load balancer's
 * health check takes it out of rotation first. {@code EnableUserAccessTokens} (false, as in
 * Mattermost) lets personal access tokens be created and authenticate; it is read per request,
 * so turning it off stops every token at once.
 */
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
    int userAwayAfterSeconds,
    int webSocketResumeWindowSeconds,
    int shutdownDrainSeconds,
    int maximumLoginAttempts,
    boolean enableUserAccessTokens) {

  public static ServiceSettings defaults() {
    return new ServiceSettings("", ":8065", 300_000, 2048, 720, false, false, true, 5000, 300, 300, 5, 10, false);
  }
}
