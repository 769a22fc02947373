package chorus.node.websocket;

import chorus.protocol.ws.WebSocketReply;
import chorus.protocol.ws.WebSocketRequest;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/** Reading a client's frame as a request, and the errors Mattermost answers before any action runs. */
final class ClientRequests {
  static final String CHALLENGE = "authentication_challenge";

  private ClientRequests() {}

  /** The frame as a request; empty for one that is not a request at all (Mattermost ignores those). */
  static Optional<WebSocketRequest> parse(ObjectMapper mapper, String text) {
    try {
      return Optional.ofNullable(mapper.readValue(text, WebSocketRequest.class));
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  /** The error for a request without an action or with a seq no reply could carry. */
  static Optional<WebSocketReply> malformed(WebSocketRequest request) {
    if (request.action() == null || request.action().isEmpty()) {
      return Optional.of(WebSocketReply.fail(request.seq(),
          ClientActions.error(400, "api.web_socket_router.no_action.app_error", "No websocket action.")));
    }
    if (request.seq() <= 0) {
      return Optional.of(WebSocketReply.fail(request.seq(),
          ClientActions.error(400, "api.web_socket_router.bad_seq.app_error", "Invalid sequence for websocket message.")));
    }
    return Optional.empty();
  }

  static WebSocketReply notAuthenticated(long seq) {
    return WebSocketReply.fail(seq, ClientActions.error(401, "api.web_socket_router.not_authenticated.app_error", "Not authenticated."));
  }

  static WebSocketReply failed(long seq) {
    return WebSocketReply.fail(seq, ClientActions.error(500, "api.web_socket_router.bad_action.app_error", "The action failed."));
  }
}
