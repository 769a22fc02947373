package chorus.sharding.hub;

import chorus.protocol.cluster.ClusterEvent;
import chorus.protocol.ws.Broadcast;
import java.util.Set;

/**
 * Which connection an event goes to: Mattermost's {@code ShouldSendEvent} order
 * (reference C.5) minus the parts that are not decided here. {@code connection_id} wins
 * outright, {@code omit_connection_id} skips one connection, then
 * {@link ClusterEvent#isFor} applies omit_users, user_id, and the channel's or team's members.
 */
public final class Targeting {
  private Targeting() {}

  /** By the audience the event carries. */
  public static boolean shouldDeliver(ClusterEvent event, String userId, String connectionId) {
    Boolean byConnection = byConnection(event, connectionId);
    return byConnection != null ? byConnection : event.isFor(userId);
  }

  /** By {@code members}, the audience the hub found for the event (null: it is for one user or for everyone). */
  public static boolean shouldDeliver(ClusterEvent event, Set<String> members, String userId, String connectionId) {
    Boolean byConnection = byConnection(event, connectionId);
    return byConnection != null ? byConnection : event.isFor(userId, members);
  }

  /** What connection_id and omit_connection_id decide on their own; null when they leave it to the user. */
  private static Boolean byConnection(ClusterEvent event, String connectionId) {
    Broadcast broadcast = event.broadcast();
    if (isSet(broadcast.connectionId())) {
      return broadcast.connectionId().equals(connectionId);
    }
    if (isSet(broadcast.omitConnectionId()) && broadcast.omitConnectionId().equals(connectionId)) {
      return false;
    }
    return null;
  }

  static boolean isSet(String value) {
    return value != null && !value.isEmpty();
  }
}
