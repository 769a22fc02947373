package chorus.sharding.sessions;

import chorus.protocol.api.Session;
import chorus.protocol.cluster.SessionsRevoked;
import chorus.sharding.events.EventBus;
import java.util.List;

/**
 * Ends sessions everywhere at once: call it after their rows are deleted. This node's cache
 * drops them before the caller's response leaves; every node (this one included) drops them
 * and closes their WebSockets when the bus brings the announcement.
 */
public final class SessionRevocations {
  private final NodeSessions sessions;
  private final EventBus bus;

  public SessionRevocations(NodeSessions sessions, EventBus bus) {
    this.sessions = sessions;
    this.bus = bus;
  }

  public void revoke(Session session) {
    revoke(session.userId(), List.of(session));
  }

  /** Sessions of one user, deleted together (a password change ends the user's other sessions). */
  public void revoke(String userId, List<Session> deleted) {
    if (deleted.isEmpty()) {
      return;
    }
    announce(userId, new SessionsRevoked(deleted.stream().map(Session::id).toList(),
        deleted.stream().map(s -> NodeSessions.digest(s.token())).toList(), ""));
  }

  /**
   * Sessions known only by id and token digest: a personal access token's session is not a
   * row, and its token is kept only as a digest, which is exactly how revocations name tokens.
   */
  public void revokeDigests(String userId, List<String> sessionIds, List<String> tokenDigests) {
    if (sessionIds.isEmpty() && tokenDigests.isEmpty()) {
      return;
    }
    announce(userId, new SessionsRevoked(sessionIds, tokenDigests, ""));
  }

  /**
   * Every session of the user, cached or connected anywhere: after a deactivation (their rows
   * are gone, so the next check is a 401) or a role change (their rows hold the new roles, so
   * the next check loads them, and the sockets reopen under them).
   */
  public void revokeUser(String userId) {
    announce(userId, new SessionsRevoked(List.of(), List.of(), userId));
  }

  private void announce(String userId, SessionsRevoked revoked) {
    sessions.revoke(revoked);
    bus.publishNotice(userId, revoked);
  }
}
