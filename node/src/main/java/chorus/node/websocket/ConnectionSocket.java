package chorus.node.websocket;

import chorus.node.metrics.NodeMetrics;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;

/**
 * The outgoing side of one open socket: a bounded queue of {@value #SIZE} frames that the
 * WebSocket stream drains. A connection outlives its sockets; this is only the current one.
 */
final class ConnectionSocket {
  static final int SIZE = 256;

  /** What happened to a frame offered to the socket. */
  enum Offer { QUEUED, FULL, GONE }

  private final BoundedSourceQueue<Message> out;
  private final NodeMetrics metrics;

  ConnectionSocket(BoundedSourceQueue<Message> out, NodeMetrics metrics) {
    this.out = out;
    this.metrics = metrics;
  }

  Offer offer(String frame) {
    QueueOfferResult result = out.offer(TextMessage.create(frame));
    if (result == QueueOfferResult.enqueued()) {
      metrics.frameQueued();
      return Offer.QUEUED;
    }
    if (result == QueueOfferResult.dropped()) {
      metrics.frameDropped();
      return Offer.FULL;
    }
    return Offer.GONE;
  }

  /** Frames the stream has not taken yet. */
  int queued() {
    return out.size();
  }

  /** Closes after what is queued has been written (a normal close the client reconnects after). */
  void closeAfterQueued() {
    try {
      out.complete();
    } catch (IllegalStateException alreadyEnded) {
      // The client closed first: the queue has ended already and refuses to complete.
    }
  }

  /**
   * Closes now, dropping what is queued: the client stopped reading, and completing would
   * keep the socket open as long as it stalls. The connection stays resumable; the frames
   * dropped here are kept by the connection for the client's next socket.
   */
  void abort(RuntimeException why) {
    try {
      out.fail(why);
    } catch (IllegalStateException alreadyEnded) {
      // Already ended.
    }
  }
}
