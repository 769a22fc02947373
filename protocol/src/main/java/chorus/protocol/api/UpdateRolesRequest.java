package chorus.protocol.api;

/** {@code PUT /users/{id}/roles}: the whole new roles string, space-separated. */
public record UpdateRolesRequest(String roles) {}
