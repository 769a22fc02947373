package chorus.management.ldap;

import chorus.protocol.cluster.SessionsRevoked;
import chorus.sharding.events.EventBus;
import chorus.sharding.sessions.NodeSessions;
import java.util.List;

/**
 * {@link UserDeactivation} through the cluster's own revocation path: this node's session
 * cache drops the user's sessions at once, and a {@link SessionsRevoked} for the user on the
 * bus makes every node drop them and close their sockets (as a logout does for one session).
 */
public final class ClusterUserDeactivation implements UserDeactivation {
  private final NodeSessions sessions;
  private final EventBus bus;

  public ClusterUserDeactivation(NodeSessions sessions, EventBus bus) {
    this.sessions = sessions;
    this.bus = bus;
  }

  @Override
  public void deactivated(String userId) {
    SessionsRevoked revoked = new SessionsRevoked(List.of(), List.of(), userId);
    sessions.revoke(revoked);
    bus.publishNotice(userId, revoked);
  }
}
