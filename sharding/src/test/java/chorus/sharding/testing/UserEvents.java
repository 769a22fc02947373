package chorus.sharding.testing;

import chorus.protocol.cluster.BusMessage;
import chorus.protocol.cluster.ClusterEvent;
import chorus.sharding.events.EventBus;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** A probe that sees only the bus events addressed to one user, so tests sharing a bus stay apart. */
public final class UserEvents {
  private UserEvents() {}

  /**
   * Subscribes before returning: the subscription reaches the local topics before anything
   * the caller does afterwards can publish.
   */
  public static TestProbe<ClusterEvent> subscribe(ActorTestKit testKit, EventBus bus, String userId) {
    TestProbe<ClusterEvent> probe = testKit.createTestProbe();
    ActorRef<BusMessage> filter = testKit.spawn(Behaviors.receive(BusMessage.class)
        .onMessage(ClusterEvent.class, event -> {
          if (userId.equals(event.broadcast().userId())) {
            probe.ref().tell(event);
          }
          return Behaviors.same();
        })
        .onAnyMessage(other -> Behaviors.same())
        .build());
    bus.subscribeAll(filter);
    return probe;
  }
}
