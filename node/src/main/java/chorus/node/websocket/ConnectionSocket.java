package chorus.node.websocket;

import chorus.node.metrics.NodeMetrics;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;

/**
 * The outgoing side of one open socket: a bounded queue of {@value #SIZE} frames that the
 * WebSocket stream drains. A connection outlives its sockets; this is only the current one.
 *
 * <p>The queue is a stage of the socket's own stream, materialized with it, rather than a
 * stream of its own run beforehand: a pre-materialized source crosses a Reactive Streams
 * boundary with its own actor, interpreter and publisher, kept for every idle socket. The
 * connection actor exists before that stream runs, so until {@link #attach} the frames it
 * offers wait here, in order, within the same bound, and a close or abort asked for meanwhile
 * is applied on attaching.
 */
final class ConnectionSocket {
  static final int SIZE = 256;

  /** What happened to a frame offered to the socket. */
  enum Offer { QUEUED, FULL, GONE }

  private final NodeMetrics metrics;
  private volatile BoundedSourceQueue<Message> out;
  // Guarded by this until out is set; unused after.
  private List<Message> pending = new ArrayList<>();
  private boolean completeOnAttach;
  private RuntimeException failOnAttach;

  ConnectionSocket(NodeMetrics metrics) {
    this.metrics = metrics;
  }

  /** The stream is running: what waited goes first, then every frame goes straight to the queue. */
  void attach(BoundedSourceQueue<Message> queue) {
    synchronized (this) {
      for (Message frame : pending) {
        queue.offer(frame);
      }
      pending = null;
      if (failOnAttach != null) {
        queue.fail(failOnAttach);
      } else if (completeOnAttach) {
        queue.complete();
      }
      out = queue;
    }
  }

  Offer offer(String frame) {
    BoundedSourceQueue<Message> queue = out;
    if (queue == null) {
      synchronized (this) {
        if (out == null) {
          return hold(TextMessage.create(frame));
        }
        queue = out;
      }
    }
    QueueOfferResult result = queue.offer(TextMessage.create(frame));
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

  private Offer hold(Message frame) {
    if (completeOnAttach || failOnAttach != null) {
      return Offer.GONE;
    }
    if (pending.size() >= SIZE) {
      metrics.frameDropped();
      return Offer.FULL;
    }
    pending.add(frame);
    metrics.frameQueued();
    return Offer.QUEUED;
  }

  /** Frames the stream has not taken yet. */
  int queued() {
    BoundedSourceQueue<Message> queue = out;
    if (queue != null) {
      return queue.size();
    }
    synchronized (this) {
      return out != null ? out.size() : pending.size();
    }
  }

  /** Closes after what is queued has been written (a normal close the client reconnects after). */
  void closeAfterQueued() {
    synchronized (this) {
      if (out == null) {
        completeOnAttach = true;
        return;
      }
    }
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
    synchronized (this) {
      if (out == null) {
        failOnAttach = why;
        pending.clear();
        return;
      }
    }
    try {
      out.fail(why);
    } catch (IllegalStateException alreadyEnded) {
      // Already ended.
    }
  }
}
