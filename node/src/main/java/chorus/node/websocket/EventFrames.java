package chorus.node.websocket;

import chorus.protocol.cluster.ClusterEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Renders an event frame for one connection. The event's data arrives already rendered, so
 * fan-out to many connections only pays for the envelope and the connection's own seq.
 */
final class EventFrames {
  private final ObjectMapper mapper;

  EventFrames(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  String render(ClusterEvent event, long seq) {
    try {
      return "{\"event\":" + mapper.writeValueAsString(event.event())
          + ",\"data\":" + event.data()
          + ",\"broadcast\":" + mapper.writeValueAsString(event.broadcast())
          + ",\"seq\":" + seq + "}";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render event " + event.event(), e);
    }
  }

  String render(Object reply) {
    try {
      return mapper.writeValueAsString(reply);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render reply", e);
    }
  }
}
