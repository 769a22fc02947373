package chorus.protocol.cluster;

import java.util.List;

/**
 * Sessions that stopped being valid (logout, revoke): every node drops them from its session
 * cache and closes their WebSockets. The database row is deleted before this is sent, so a
 * node that reloads the session finds nothing. {@code tokenDigests} are SHA-256 digests of
 * the tokens (tokens are secrets and never travel between nodes); {@code userId}, when not
 * empty, revokes every session of that user (deactivation, role change).
 */
public record SessionsRevoked(List<String> sessionIds, List<String> tokenDigests, String userId) implements BusMessage {
  public SessionsRevoked {
    sessionIds = List.copyOf(sessionIds);
    tokenDigests = List.copyOf(tokenDigests);
    userId = userId == null ? "" : userId;
  }
}
