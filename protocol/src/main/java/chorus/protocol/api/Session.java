package chorus.protocol.api;

import chorus.protocol.cluster.CborSerializable;

/**
 * A login session. The token authenticates requests; the CSRF token guards cookie-based
 * requests. Times are milliseconds; {@code expiresAt} of 0 never expires.
 */
public record Session(
    String id,
    String token,
    long createAt,
    long expiresAt,
    long lastActivityAt,
    String userId,
    String deviceId,
    String roles,
    String csrfToken) implements CborSerializable {

  public boolean isExpiredAt(long nowMillis) {
    return expiresAt > 0 && expiresAt <= nowMillis;
  }

  public boolean isSystemAdmin() {
    return Roles.has(roles, Roles.SYSTEM_ADMIN);
  }
}
