package chorus.protocol.cluster;

import chorus.protocol.ws.Broadcast;
import java.util.Set;

/**
 * A WebSocket event on its way from the node that caused it to every node's hub.
 *
 * <p>{@code id} is unique per published event (a 26-character id), so a connection that gets
 * the same event twice while it moves between nodes keeps only the first. {@code data} is the
 * event's JSON object, rendered once by the publisher so that no node re-serializes it per
 * connection. {@code audience} holds the user ids that may receive a channel- or team-scoped
 * event, resolved on the primary database in the transaction that made the event, which keeps
 * membership changes effective for the very next event; it is null for events addressed to
 * one user or to everyone.
 *
 * <p>{@code position} is set (above 0) on the durable events of a channel: posts created,
 * edited and deleted, members added and removed. It is the channel's event counter taken in
 * the committing transaction, so a channel's positions are gapless in commit order and a hub
 * that receives 7 after 5 knows it missed 6 and reads it from the database. Events that are
 * not stored (typing, status, user- and team-scoped events) have position 0.
 */
public record ClusterEvent(String id, String event, String data, Broadcast broadcast, Set<String> audience, long position)
    implements BusMessage {

  /** An event that is not stored in a channel's log. */
  public static ClusterEvent unpositioned(String id, String event, String data, Broadcast broadcast, Set<String> audience) {
    return new ClusterEvent(id, event, data, broadcast, audience, 0);
  }

  public boolean hasPosition() {
    return position > 0;
  }

  /** The channel a positioned event belongs to. */
  public String channelId() {
    return broadcast.channelId();
  }

  public boolean isFor(String userId) {
    if (broadcast.omits(userId)) {
      return false;
    }
    if (broadcast.userId() != null && !broadcast.userId().isEmpty()) {
      return broadcast.userId().equals(userId);
    }
    return audience == null || audience.contains(userId);
  }
}
