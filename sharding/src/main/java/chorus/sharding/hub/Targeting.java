package chorus.sharding.hub;

import chorus.protocol.cluster.ClusterEvent;
import chorus.protocol.ws.Broadcast;

/**
 * Which connection an event goes to: Mattermost's {@code ShouldSendEvent} order
 * (reference C.5) minus the parts that are not decided here. {@code connection_id} wins
 * outright, {@code omit_connection_id} skips one connection, then
 * {@link ClusterEvent#isFor} applies omit_users, user_id, and the channel/team audience the
 * publisher resolved from the database.
 */
public final class Targeting {
  private Targeting() {}

  public static boolean shouldDeliver(ClusterEvent event, String userId, String connectionId) {
    Broadcast broadcast = event.broadcast();
    if (isSet(broadcast.connectionId())) {
      return broadcast.connectionId().equals(connectionId);
    }
    if (isSet(broadcast.omitConnectionId()) && broadcast.omitConnectionId().equals(connectionId)) {
      return false;
    }
    return event.isFor(userId);
  }

  static boolean isSet(String value) {
    return value != null && !value.isEmpty();
  }
}
