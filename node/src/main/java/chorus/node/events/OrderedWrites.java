package chorus.node.events;

import chorus.persistence.pool.PersistencePool;
import chorus.protocol.cluster.ClusterEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jooq.DSLContext;

/**
 * Writes that make durable channel events, published in commit order. The work takes each
 * event's position (which locks the channel's row until the commit) and returns the events;
 * then, as the transaction's last step, one ticket per event is taken in
 * {@link ChannelEventOrder}, and after the commit each event is published when its turn
 * comes. The work takes no lock after its tickets and the JVM side never waits, so the lock
 * order "rows, then nothing" cannot deadlock with another worker.
 *
 * <p>Positions already let every hub put a channel's events back in order; publishing them
 * in order as well keeps hubs from holding events that are merely a little early.
 */
public final class OrderedWrites {
  private final PersistencePool pool;
  private final ChannelEventOrder order;
  private final EventPublisher publisher;

  public OrderedWrites(PersistencePool pool, ChannelEventOrder order, EventPublisher publisher) {
    this.pool = pool;
    this.order = order;
    this.publisher = publisher;
  }

  private record Pending(ChannelEventOrder.Ticket ticket, ClusterEvent event) {}

  /**
   * @param work the transaction; every event it makes has taken its position in it
   * @param eventsOf the positioned events of the work's result, to publish after the commit
   */
  public <T> CompletionStage<T> write(Function<DSLContext, T> work, Function<T, List<ClusterEvent>> eventsOf) {
    AtomicReference<List<Pending>> taken = new AtomicReference<>(List.of());
    return pool.write(dsl -> {
      T result = work.apply(dsl);
      List<Pending> tickets = new ArrayList<>();
      for (ClusterEvent event : eventsOf.apply(result)) {
        tickets.add(new Pending(order.enter(event.channelId()), event));
      }
      // An earlier attempt of this write rolled back and is being retried: its tickets go.
      taken.getAndSet(tickets).forEach(pending -> pending.ticket().cancel());
      return result;
    }).thenApply(result -> {
      taken.get().forEach(pending -> pending.ticket().publish(() -> publisher.publish(pending.event())));
      return result;
    }).whenComplete((result, failure) -> {
      // A rollback or a failed commit: later events of the channels go on without these.
      taken.get().forEach(pending -> pending.ticket().cancel());
    });
  }
}
