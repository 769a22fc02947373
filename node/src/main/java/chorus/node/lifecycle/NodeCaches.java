package chorus.node.lifecycle;

import chorus.protocol.cluster.SessionsRevoked;
import chorus.protocol.cluster.WriteMark;
import chorus.sharding.hub.HubNotices;
import chorus.sharding.sessions.NodeSessions;
import chorus.sharding.sessions.WriteMarks;

/** The node's caches, told by the hub what other nodes announced: revoked sessions, writes. */
public record NodeCaches(NodeSessions sessions, WriteMarks writeMarks) implements HubNotices {
  @Override
  public void sessionsRevoked(SessionsRevoked revoked) {
    sessions.revoke(revoked);
  }

  @Override
  public void wrote(WriteMark mark) {
    writeMarks.record(mark);
  }
}
