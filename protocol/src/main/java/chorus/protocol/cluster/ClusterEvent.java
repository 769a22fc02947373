package chorus.protocol.cluster;

import chorus.protocol.ws.Broadcast;
import java.util.Set;

/**
 * A WebSocket event on its way from the node that caused it to every node's hub.
 *
 * <p>{@code data} is the event's JSON object, rendered once by the publisher so that no node
 * re-serializes it per connection. {@code audience} holds the user ids that may receive a
 * channel- or team-scoped event, resolved on the primary database at publish time, which
 * keeps membership changes effective for the very next event; it is null for events
 * addressed to one user or to everyone.
 */
public record ClusterEvent(String event, String data, Broadcast broadcast, Set<String> audience) implements CborSerializable {

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
