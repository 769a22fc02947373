package chorus.protocol.config;

public record TeamSettings(
    String siteName,
    int maxUsersPerTeam,
    boolean enableUserCreation,
    boolean enableOpenServer,
    int maxChannelsPerTeam,
    String teammateNameDisplay) {

  public static TeamSettings defaults() {
    return new TeamSettings("Chorus", 50, true, false, 2000, "username");
  }
}
