package chorus.node.http;

import chorus.persistence.pool.ReadPreference;
import chorus.protocol.api.Session;

/**
 * Who is calling: the validated session, whether its token came from the cookie (which CSRF
 * rules care about), and where reads of the caller's own data may run ({@link #ownReads}:
 * the primary right after the caller wrote, see {@link ReadYourWrites}).
 */
public record Caller(Session session, boolean viaCookie, ReadPreference ownReads) {
  public String userId() {
    return session.userId();
  }

  public boolean isSystemAdmin() {
    return session.isSystemAdmin();
  }

  /** {@code me} stands for the caller wherever a user id is expected. */
  public String resolve(String userIdOrMe) {
    return "me".equals(userIdOrMe) ? userId() : userIdOrMe;
  }

  /** Acting on a user's own data needs to be that user or a system admin; anything else is a 403. */
  public void requireSelfOrAdmin(String userId) {
    if (!userId().equals(userId) && !isSystemAdmin()) {
      throw ApiException.forbidden();
    }
  }

  /** System Console operations (reload config, recycle database connections) are for system admins only. */
  public void requireSystemAdmin() {
    if (!isSystemAdmin()) {
      throw ApiException.forbidden();
    }
  }
}
