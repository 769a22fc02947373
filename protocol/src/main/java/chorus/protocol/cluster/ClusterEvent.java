package chorus.protocol.cluster;

import chorus.protocol.ws.Broadcast;
import java.util.Set;

/**
 * A WebSocket event on its way from the node that caused it to every node's hub.
 *
 * <p>{@code id} is unique per published event (a 26-character id), so a connection that gets
 * the same event twice while it moves between nodes keeps only the first. {@code data} is the
 * event's JSON object, rendered once by the publisher so that no node re-serializes it per
 * connection. {@code audience} holds the user ids that may receive a team-scoped event, and a
 * channel-scoped one while some node of the cluster cannot work out a channel's members
 * itself; it is null for events addressed to one user or to everyone, and for channel events
 * that every hub targets from its own membership index (the hub's {@code MembershipIndex}).
 *
 * <p>{@code position} is set (above 0) on the durable events of a channel: posts created,
 * edited and deleted, members added and removed. It is the channel's event counter taken in
 * the committing transaction, so a channel's positions are gapless in commit order and a hub
 * that receives 7 after 5 knows it missed 6 and reads it from the database. Events that are
 * not stored (typing, status, user- and team-scoped events) have position 0.
 *
 * <p>{@code subjectUserId} is the user who joined or left, on a channel's membership events,
 * and "" on every other event: a hub's membership index follows the channel by it. Events from
 * a node of the release before have none (it reads as "").
 */
public record ClusterEvent(String id, String event, String data, Broadcast broadcast, Set<String> audience, long position,
    String subjectUserId) implements BusMessage {

  public ClusterEvent {
    subjectUserId = subjectUserId == null ? "" : subjectUserId;
  }

  /** An event that changes no channel's membership. */
  public ClusterEvent(String id, String event, String data, Broadcast broadcast, Set<String> audience, long position) {
    this(id, event, data, broadcast, audience, position, "");
  }

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

  /** Whether the event is for every member of a channel and leaves finding them to the hubs. */
  public boolean needsChannelMembers() {
    return audience == null && broadcast.channelId() != null && !broadcast.channelId().isEmpty()
        && (broadcast.userId() == null || broadcast.userId().isEmpty());
  }

  /**
   * Whether {@code userId} receives the event by the audience it carries. A channel event that
   * carries none is for nobody here: only a hub, which knows the channel's members, can tell.
   */
  public boolean isFor(String userId) {
    return !needsChannelMembers() && isFor(userId, audience);
  }

  /**
   * Whether {@code userId} receives the event when its channel or team has {@code members}
   * (null: the event is for one user or for everyone).
   */
  public boolean isFor(String userId, Set<String> members) {
    if (broadcast.omits(userId)) {
      return false;
    }
    if (broadcast.userId() != null && !broadcast.userId().isEmpty()) {
      return broadcast.userId().equals(userId);
    }
    return members == null || members.contains(userId);
  }
}
