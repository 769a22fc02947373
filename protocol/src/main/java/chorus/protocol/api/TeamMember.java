package chorus.protocol.api;

public record TeamMember(
    String teamId,
    String userId,
    String roles,
    long deleteAt,
    boolean schemeGuest,
    boolean schemeUser,
    boolean schemeAdmin,
    String explicitRoles) {}
