package chorus.protocol.cluster;

import java.util.List;
import java.util.Map;

/**
 * A WebSocket connection's resumable state, handed from the node that holds it to the node a
 * client reconnected to (a claim) or to a successor when its node shuts down (an adoption):
 * Mattermost's {@code WSQueues}, plus what lets the receiver keep channels in order.
 *
 * @param nextSeq the seq the next event will get
 * @param frames retained events in seq order (written, or queued for the socket); may be only
 *     the tail a claim asked for
 * @param positions per channel, the position of the last durable event given a seq
 * @param recentEventIds ids of the last events given a seq, oldest first, so that the
 *     receiver drops an event it gets again while the connection moves
 * @param reuseCount how many times the connection has been resumed
 */
public record ConnectionState(String connectionId, String userId, String sessionId, long nextSeq, List<SentFrame> frames,
    Map<String, Long> positions, List<String> recentEventIds, int reuseCount) implements CborSerializable {

  public ConnectionState {
    frames = List.copyOf(frames);
    positions = Map.copyOf(positions);
    recentEventIds = List.copyOf(recentEventIds);
  }

  /** One event as it was written to the socket: its seq and the exact frame text. */
  public record SentFrame(long seq, String eventId, String frame) implements CborSerializable {}
}
