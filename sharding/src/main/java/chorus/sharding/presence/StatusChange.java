package chorus.sharding.presence;

import chorus.protocol.cluster.ClusterEvent;
import chorus.protocol.cluster.PresenceStatus;
import chorus.protocol.ws.Broadcast;
import chorus.protocol.ws.EventType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code status_change} event (reference D): {@code {"status", "user_id"}} sent to the
 * user whose status changed, as upstream does; other clients poll statuses.
 */
public final class StatusChange {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private StatusChange() {}

  public static ClusterEvent eventFor(String eventId, PresenceStatus status) {
    ObjectNode data = MAPPER.createObjectNode()
        .put("status", status.status())
        .put("user_id", status.userId());
    try {
      return ClusterEvent.unpositioned(eventId, EventType.STATUS_CHANGE, MAPPER.writeValueAsString(data),
          Broadcast.toUser(status.userId()), null);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A two-string JSON object cannot fail to render", e);
    }
  }
}
