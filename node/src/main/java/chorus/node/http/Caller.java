package chorus.node.http;

import chorus.protocol.api.Session;

/** Who is calling: the validated session, and whether its token came from the cookie (which CSRF rules care about). */
public record Caller(Session session, boolean viaCookie) {
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
}
