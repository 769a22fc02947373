package chorus.protocol.api;

/** {@code POST /users/tokens/revoke}, {@code /disable} and {@code /enable}. */
public record AccessTokenIdRequest(String tokenId) {}
