package chorus.protocol.api;

public record CreateTeamRequest(String name, String displayName, String type, String description, Boolean allowOpenInvite) {}
