package chorus.node.events;

import chorus.persistence.pool.PersistencePool;
import chorus.protocol.cluster.ClusterEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jooq.DSLContext;

/**
 * Writes that make durable channel events, published in commit order. The work takes each
 * event's position (which locks the channel's row until the commit) and returns the events;
 * then, as the transaction's last step, one ticket per event is taken in
 * {@link ChannelEventOrder} (by the work itself, still under the lock, when its last statement
 * commits: {@link #writeCommitting}), and after the commit each event is published when its
 * turn comes. The work takes no lock after its tickets and the JVM side never waits, so the lock
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

  /** An event's ticket; a ticket taken early whose work made no event of its channel has none. */
  private record Pending(ChannelEventOrder.Ticket ticket, ClusterEvent event) {}

  /**
   * @param work the transaction; every event it makes has taken its position in it
   * @param eventsOf the positioned events of the work's result, to publish after the commit
   */
  public <T> CompletionStage<T> write(Function<DSLContext, T> work, Function<T, List<ClusterEvent>> eventsOf) {
    return writeCommitting((dsl, locks) -> work.apply(dsl), eventsOf);
  }

  /**
   * As {@link #write}, for work whose last statement also commits the transaction (one round
   * trip fewer). The tickets can then no longer be taken after the work, as the lock that orders
   * them is gone by then: the work calls {@link Locks#locked} for each channel right after the
   * statement that locked its row, and those tickets serve its events.
   */
  public <T> CompletionStage<T> writeCommitting(BiFunction<DSLContext, Locks, T> work,
      Function<T, List<ClusterEvent>> eventsOf) {
    AtomicReference<List<Pending>> taken = new AtomicReference<>(List.of());
    return pool.write(dsl -> {
      Locks locks = new Locks();
      T result;
      try {
        result = work.apply(dsl, locks);
      } catch (RuntimeException e) {
        locks.unused().forEach(ChannelEventOrder.Ticket::cancel);
        throw e;
      }
      List<Pending> tickets = new ArrayList<>();
      for (ClusterEvent event : eventsOf.apply(result)) {
        tickets.add(new Pending(locks.ticketFor(event.channelId()), event));
      }
      locks.unused().forEach(unused -> tickets.add(new Pending(unused, null)));
      // An earlier attempt of this write rolled back and is being retried: its tickets go.
      taken.getAndSet(tickets).forEach(pending -> pending.ticket().cancel());
      return result;
    }).thenApply(result -> {
      taken.get().stream().filter(pending -> pending.event() != null)
          .forEach(pending -> pending.ticket().publish(() -> publisher.publish(pending.event())));
      return result;
    }).whenComplete((result, failure) -> {
      // A rollback or a failed commit, or an early ticket no event used: later events of the channels go on without these.
      taken.get().forEach(pending -> pending.ticket().cancel());
    });
  }

  /** The tickets a {@link #writeCommitting} work took while it held its channels' locks. */
  public final class Locks {
    private record Early(String channelId, ChannelEventOrder.Ticket ticket) {}

    private final List<Early> early = new ArrayList<>();

    private Locks() {}

    /** Call after the statement that locked {@code channelId}'s ordering row and before the commit. */
    public void locked(String channelId) {
      early.add(new Early(channelId, order.enter(channelId)));
    }

    /** The channel's early ticket, else a new one (in order only while the transaction is open: {@link #write}). */
    private ChannelEventOrder.Ticket ticketFor(String channelId) {
      for (int i = 0; i < early.size(); i++) {
        if (early.get(i).channelId().equals(channelId)) {
          return early.remove(i).ticket();
        }
      }
      return order.enter(channelId);
    }

    /** Early tickets no event took. */
    private List<ChannelEventOrder.Ticket> unused() {
      return early.stream().map(Early::ticket).toList();
    }
  }
}
