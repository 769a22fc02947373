package chorus.protocol.api;

/** {@code PUT /users/{id}/active}. */
public record UpdateActiveRequest(Boolean active) {}
