package chorus.protocol.api;

/** {@code allow_open_invite} is stored as sent (absent means false, as in Mattermost): it alone lets anyone join. */
public record CreateTeamRequest(String name, String displayName, String type, String description, Boolean allowOpenInvite,
    String allowedDomains) {}
