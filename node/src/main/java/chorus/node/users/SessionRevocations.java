package chorus.node.users;

import chorus.protocol.api.Session;
import chorus.protocol.cluster.SessionsRevoked;
import chorus.sharding.events.EventBus;
import chorus.sharding.sessions.NodeSessions;
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
    SessionsRevoked revoked = new SessionsRevoked(List.of(session.id()), List.of(NodeSessions.digest(session.token())), "");
    sessions.revoke(revoked);
    bus.publishNotice(session.userId(), revoked);
  }
}
