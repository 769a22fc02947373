package chorus.protocol.ws;

import chorus.protocol.api.AppError;
import com.fasterxml.jackson.annotation.JsonInclude;

/** The answer to a client frame; it carries {@code seq_reply} and never a {@code seq} of its own. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebSocketReply(String status, long seqReply, Object data, AppError error) {
  public static WebSocketReply ok(long seqReply, Object data) {
    return new WebSocketReply("OK", seqReply, data, null);
  }

  public static WebSocketReply fail(long seqReply, AppError error) {
    return new WebSocketReply("FAIL", seqReply, null, error);
  }
}
