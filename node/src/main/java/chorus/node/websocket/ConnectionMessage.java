package chorus.node.websocket;

import chorus.protocol.ws.WebSocketReply;
import chorus.sharding.connections.ClaimReply;
import chorus.sharding.connections.ConnectionCommand;
import chorus.sharding.hub.WebSocketHub;
import chorus.sharding.sessions.SessionCheck;

/**
 * What a connection actor takes, while it opens ({@link ConnectionOpening}) and once open
 * ({@link WebSocketConnection}). Only {@link ClientFrame} and {@link SocketClosed} come from
 * outside, from the socket's stream; the rest are the actor's own adapted replies and timers.
 */
public sealed interface ConnectionMessage {
  /** A text frame from the client. */
  record ClientFrame(String text) implements ConnectionMessage {}

  /** The socket ended; {@code clean} when the client closed it with a close frame. */
  record SocketClosed(boolean clean) implements ConnectionMessage {}

  /** From the hub, or from the connection's previous holder. */
  record FromHub(ConnectionCommand command) implements ConnectionMessage {}

  record Challenged(long seq, SessionCheck result) implements ConnectionMessage {}

  record ReplyReady(WebSocketReply reply) implements ConnectionMessage {}

  record ClaimAnswer(ClaimReply reply) implements ConnectionMessage {}

  record ClaimPlanned(WebSocketHub.ClaimPlan plan) implements ConnectionMessage {}

  record Relocated(Connections.Relocation result) implements ConnectionMessage {}

  enum Timer implements ConnectionMessage { AUTH_DEADLINE, CLAIM_DEADLINE, PRESENCE_GRACE, RESUME_WINDOW, GAPS, HANDOFF_DEADLINE }
}
