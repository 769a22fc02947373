package chorus.sharding.connections;

import chorus.protocol.cluster.CborSerializable;
import chorus.protocol.cluster.ConnectionState;

/** One hub's answer to a claim for a connection id (Mattermost's {@code gossip_response_ws_queues}). */
public sealed interface ClaimReply extends CborSerializable {

  /** The holder surrendered the connection: here is its state. */
  record Claimed(ConnectionState state) implements ClaimReply {}

  /** {@code node}'s hub told the connection's holder to surrender: its {@link Claimed} follows. */
  record Forwarded(String node) implements ClaimReply {}

  /** {@code node}'s hub holds no connection of that id for that user. */
  record NotHere(String node) implements ClaimReply {}
}
