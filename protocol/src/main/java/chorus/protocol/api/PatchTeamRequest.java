package chorus.protocol.api;

/** {@code PUT /teams/{id}/patch}: every field is optional; an absent one keeps its value. */
public record PatchTeamRequest(String displayName, String description, String companyName, String allowedDomains,
    Boolean allowOpenInvite) {}
