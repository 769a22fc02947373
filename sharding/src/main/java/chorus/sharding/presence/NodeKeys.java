package chorus.sharding.presence;

import org.apache.pekko.cluster.UniqueAddress;

/**
 * The key under which a connection's node is recorded: the member's address plus its
 * incarnation uid, so that a node restarted on the same host and port is not mistaken for
 * the one that died there.
 */
public final class NodeKeys {
  private NodeKeys() {}

  public static String of(UniqueAddress member) {
    return member.address() + "#" + member.longUid();
  }
}
