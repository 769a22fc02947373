package chorus.loadtest.client;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The frames one socket has yet to write, in order. Actions the client may lose (a typing
 * notice, a ping) are bounded like the webapp's send queue: past the bound the oldest of them
 * that has not started is dropped. A frame the socket has begun to write is never dropped, as
 * the rest of it must follow or the stream is corrupt.
 */
final class Outbox {
  private final int bound;
  private final ArrayDeque<ByteBuffer> frames = new ArrayDeque<>();

  Outbox(int bound) {
    this.bound = bound;
  }

  /** Queues {@code frame} last; a {@code droppable} one may make room by dropping an older unstarted frame. */
  void add(ByteBuffer frame, boolean droppable) {
    if (droppable && frames.size() >= bound) {
      Iterator<ByteBuffer> oldest = frames.iterator();
      while (oldest.hasNext()) {
        ByteBuffer next = oldest.next();
        if (next.position() == 0) {
          oldest.remove();
          break;
        }
      }
    }
    frames.addLast(frame);
  }

  /** The frame to write next, or null. */
  ByteBuffer next() {
    return frames.peekFirst();
  }

  /** The frame from {@link #next} is written whole. */
  void written() {
    frames.pollFirst();
  }

  int size() {
    return frames.size();
  }
}
