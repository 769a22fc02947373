package chorus.sharding.connections;

import chorus.protocol.cluster.CborSerializable;
import chorus.protocol.cluster.ClusterEvent;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What a node's hub, and a connection's previous holder, tell a WebSocket connection's actor.
 * The actor lives in the node module; it adapts these to its own protocol.
 */
public sealed interface ConnectionCommand extends CborSerializable {

  /** An event the connection may be owed (targeting is done; order and duplicates are the connection's). */
  record Deliver(ClusterEvent event) implements ConnectionCommand {}

  /**
   * A newer socket with this connection id took it over ({@code claimant}, on this node or
   * another): answer {@code replyTo} with the state from {@code sequenceNumber} on, close this
   * socket if it is still open, pass on anything still arriving, and stop.
   */
  record Surrender(long sequenceNumber, ActorRef<ConnectionCommand> claimant, ActorRef<ClaimReply> replyTo)
      implements ConnectionCommand {}

  /** The session behind the connection ended (logout, revoke): close and forget it. */
  record Revoke() implements ConnectionCommand {}

  /**
   * The hub's answer to a backfill request: the channel's events read from the
   * database; {@code failed} when it could not be read.
   */
  record Backfilled(String channelId, List<ClusterEvent> events, long coveredBelow, boolean complete, boolean failed)
      implements ConnectionCommand {}

  /** The node is shutting down: hand the connection to a node that stays, then close the socket. */
  record HandOff() implements ConnectionCommand {}
}
