package chorus.sharding.hub;

import chorus.protocol.cluster.SessionsRevoked;
import chorus.protocol.cluster.WriteMark;

/**
 * Node-wide notices the hub receives on the bus besides events, for the node's caches: the
 * session cache drops revoked sessions, the read-your-writes marks record writes made
 * through other nodes. Called on the hub's thread: implementations must not block.
 */
public interface HubNotices {
  void sessionsRevoked(SessionsRevoked revoked);

  void wrote(WriteMark mark);

  /** For tests and nodes without caches. */
  HubNotices NONE = new HubNotices() {
    @Override
    public void sessionsRevoked(SessionsRevoked revoked) {}

    @Override
    public void wrote(WriteMark mark) {}
  };
}
