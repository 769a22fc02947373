package chorus.node.websocket;

import chorus.node.testkit.WsClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Predicate;

/** Small predicates and waits over recorded WebSocket frames. */
final class Frames {
  private Frames() {}

  static Predicate<JsonNode> event(String name) {
    return frame -> name.equals(frame.path("event").asText());
  }

  static Predicate<JsonNode> reply(long seq) {
    return frame -> frame.has("seq_reply") && frame.path("seq_reply").asLong() == seq;
  }

  /**
   * Sends a ping and waits for its pong. The connection actor handles its mailbox in order and
   * the hub hands an event to every recipient in one pass, so once the pong is back, an event
   * that was delivered to another connection before this call would already be in this
   * client's frames too: absence checked after this is meaningful.
   */
  static void roundTrip(WsClient ws) {
    ws.awaitReply(ws.send("ping", null));
  }

  static boolean none(WsClient ws, Predicate<JsonNode> match) {
    return ws.frames().stream().noneMatch(match);
  }
}
