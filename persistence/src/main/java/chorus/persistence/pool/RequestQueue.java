package chorus.persistence.pool;

import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The persistence pool's one queue: requests wait here, first in first out, until a worker is
 * free, so a slow statement holds up only its own worker and never the requests queued behind
 * it (as a queue per worker would). Bounded, and every request has a deadline: one that has
 * waited past it is failed with {@link QueueWaitTimeoutException} when it reaches the head
 * instead of being run, since its caller has given up (or is about to) and running it would
 * only delay the requests that can still be answered in time. Not thread-safe: its one owner
 * is the pool's dispatching actor.
 */
final class RequestQueue {
  private final ArrayDeque<Request<?>> waiting = new ArrayDeque<>();
  private final int capacity;

  RequestQueue(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("a request queue holds at least one request, got " + capacity);
    }
    this.capacity = capacity;
  }

  /** Queues {@code request}; false when the queue is full. */
  boolean offer(Request<?> request) {
    if (waiting.size() >= capacity) {
      return false;
    }
    waiting.add(request);
    return true;
  }

  /** The oldest request still within its deadline at {@code nowNanos}; older ones are failed on {@code completer}. */
  Optional<Request<?>> next(long nowNanos, Executor completer) {
    Request<?> head;
    while ((head = waiting.poll()) != null) {
      if (!head.expiredAt(nowNanos)) {
        return Optional.of(head);
      }
      head.failExpired(completer);
    }
    return Optional.empty();
  }

  int size() {
    return waiting.size();
  }
}
