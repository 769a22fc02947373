package chorus.node.posts;

import chorus.node.events.ChannelEventOrder;
import chorus.persistence.pool.PersistencePool;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jooq.DSLContext;

/**
 * Writes whose channel event must go out in commit order. The ticket is taken as the last
 * step of the transaction, when the work has already locked its ordering row (the channel's
 * post clock, or the post it changes), and the work takes no lock after it: the JVM side
 * never waits, so the lock order "row, then nothing" cannot deadlock with another worker.
 */
final class OrderedWrites {
  private final PersistencePool pool;
  private final ChannelEventOrder order;

  OrderedWrites(PersistencePool pool, ChannelEventOrder order) {
    this.pool = pool;
    this.order = order;
  }

  /**
   * @param work the transaction; must have locked the row that orders the channel's events
   * @param channelOf the channel whose order the result's event keeps
   * @param event after the commit: the rendered publish of the result's event
   */
  <T> CompletionStage<T> write(Function<DSLContext, T> work, Function<T, String> channelOf, Function<T, Runnable> event) {
    AtomicReference<ChannelEventOrder.Ticket> ticket = new AtomicReference<>();
    return pool.write(dsl -> {
      T result = work.apply(dsl);
      ChannelEventOrder.Ticket previous = ticket.getAndSet(order.enter(channelOf.apply(result)));
      if (previous != null) {
        previous.cancel(); // an earlier attempt of this write rolled back and is being retried
      }
      return result;
    }).thenApply(result -> {
      ticket.get().publish(event.apply(result));
      return result;
    }).whenComplete((result, failure) -> {
      // A rollback, a failed commit or a failed render: later events of the channel go on without this one.
      ChannelEventOrder.Ticket taken = ticket.get();
      if (taken != null) {
        taken.cancel();
      }
    });
  }
}
