package chorus.node.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelEventOrderTest {
  private final ChannelEventOrder order = new ChannelEventOrder();
  private final List<String> published = new ArrayList<>();

  private Runnable record(String event) {
    return () -> published.add(event);
  }

  @Test
  void aLaterTicketWaitsForTheEarlierOneOfItsChannel() {
    ChannelEventOrder.Ticket first = order.enter("c1");
    ChannelEventOrder.Ticket second = order.enter("c1");

    second.publish(record("b"));
    assertThat(published).as("b must wait for a").isEmpty();
    first.publish(record("a"));

    assertThat(published).containsExactly("a", "b");
  }

  @Test
  void aCancelledTicketReleasesTheOnesBehindIt() {
    ChannelEventOrder.Ticket rolledBack = order.enter("c1");
    ChannelEventOrder.Ticket next = order.enter("c1");
    next.publish(record("b"));

    rolledBack.cancel();

    assertThat(published).containsExactly("b");
  }

  @Test
  void otherChannelsDoNotWaitAndSettlingTwiceChangesNothing() {
    ChannelEventOrder.Ticket pending = order.enter("c1");
    ChannelEventOrder.Ticket other = order.enter("c2");

    other.publish(record("x"));
    other.cancel();
    assertThat(published).containsExactly("x");
    pending.publish(record("a"));
    pending.cancel();
    pending.publish(record("again"));

    assertThat(published).containsExactly("x", "a");
  }

  @Test
  void aFailingPublishDoesNotHoldBackTheNextEvent() {
    ChannelEventOrder.Ticket failing = order.enter("c1");
    ChannelEventOrder.Ticket next = order.enter("c1");
    next.publish(record("b"));

    failing.publish(() -> {
      throw new IllegalStateException("bus gone");
    });

    assertThat(published).containsExactly("b");
  }
}
