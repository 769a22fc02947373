package chorus.protocol.api;

public record AddTeamMemberRequest(String teamId, String userId) {}
