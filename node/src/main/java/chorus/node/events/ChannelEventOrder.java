package chorus.node.events;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a channel's events from this node in the order their transactions committed.
 *
 * <p>A transaction takes a {@link Ticket} while it still holds the row lock that orders it
 * (the channel's post clock, or the post it changes), so tickets of one row are taken in
 * commit order. After the commit the owner hands its ticket the publish; a ticket's publish
 * runs only once every earlier ticket of the channel has published or been cancelled. Nobody
 * blocks: a publish that is not due yet is left for the ticket ahead of it to run, so no
 * persistence worker waits on a JVM lock while another waits on the database row (the
 * deadlock that a lock held across the transaction would risk).
 *
 * <p>Channels hash onto a fixed number of stripes, each with its own monitor, so unrelated
 * channels rarely contend and never wait for each other's publishes. Events of one channel
 * published by different nodes have no mutual order (the bus is FIFO per sender only).
 */
public final class ChannelEventOrder {
  private static final Logger log = LoggerFactory.getLogger(ChannelEventOrder.class);
  private static final int STRIPES = 64;

  private final Stripe[] stripes = new Stripe[STRIPES];

  public ChannelEventOrder() {
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Stripe();
    }
  }

  /** Call inside the transaction, after the statement that locked the ordering row. */
  public Ticket enter(String channelId) {
    Stripe stripe = stripes[Math.floorMod(channelId.hashCode(), STRIPES)];
    Ticket ticket = new Ticket(channelId, stripe);
    synchronized (stripe) {
      stripe.queues.computeIfAbsent(channelId, id -> new ArrayDeque<>()).add(ticket);
    }
    return ticket;
  }

  /** Tickets queued per channel; only channels with a ticket outstanding have an entry. */
  private static final class Stripe {
    private final Map<String, ArrayDeque<Ticket>> queues = new HashMap<>();

    /** Runs every publish that is due, in ticket order. Holds this stripe's monitor. */
    private void drain(String channelId) {
      ArrayDeque<Ticket> queue = queues.get(channelId);
      while (queue != null && !queue.isEmpty() && queue.peekFirst().settled) {
        Runnable publish = queue.pollFirst().publish;
        if (publish != null) {
          try {
            publish.run();
          } catch (RuntimeException e) {
            // One bad event must not hold back the channel's later ones.
            log.warn("publishing an event of channel {} failed", channelId, e);
          }
        }
      }
      if (queue != null && queue.isEmpty()) {
        queues.remove(channelId);
      }
    }
  }

  /** One transaction's place in its channel's event order. */
  public static final class Ticket {
    private final String channelId;
    private final Stripe stripe;
    private boolean settled;
    private Runnable publish;

    private Ticket(String channelId, Stripe stripe) {
      this.channelId = channelId;
      this.stripe = stripe;
    }

    /**
     * After the commit: {@code publish} (a non-blocking tell) runs now if the channel's earlier
     * events are out, else when they are, on the thread that releases the last of them.
     */
    public void publish(Runnable publish) {
      settle(publish);
    }

    /** The transaction rolled back or its event will not be sent: stop holding the channel up. */
    public void cancel() {
      settle(null);
    }

    private void settle(Runnable action) {
      synchronized (stripe) {
        if (settled) {
          return;
        }
        settled = true;
        publish = action;
        stripe.drain(channelId);
      }
    }
  }
}
