package chorus.protocol.api;

/** {@code POST /users/{id}/tokens}. */
public record CreateAccessTokenRequest(String description) {}
