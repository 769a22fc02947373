package chorus.node.websocket;

import chorus.sharding.connections.ConnectionCommand;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * What a connection actor becomes once its connection moved (claimed by a newer socket, or
 * adopted by another node as this one stops): for a while it passes on to the new holder the
 * events that were already on their way here, and a newer claim, then stops. Hub routes
 * catch up with the move within that time.
 */
final class ConnectionForwarder {
  private ConnectionForwarder() {}

  static Behavior<ConnectionMessage> create(ActorRef<ConnectionCommand> holder, Duration forwardFor) {
    return Behaviors.withTimers(timers -> {
      timers.startSingleTimer(ConnectionMessage.Timer.RESUME_WINDOW, forwardFor);
      return Behaviors.receive(ConnectionMessage.class)
          .onMessage(ConnectionMessage.FromHub.class, msg -> {
            boolean newerClaim = msg.command() instanceof ConnectionCommand.Surrender surrender
                && !surrender.claimant().equals(holder);
            if (msg.command() instanceof ConnectionCommand.Deliver || newerClaim) {
              holder.tell(msg.command());
            }
            return Behaviors.same();
          })
          .onMessageEquals(ConnectionMessage.Timer.RESUME_WINDOW, Behaviors::stopped)
          .onAnyMessage(msg -> Behaviors.same())
          .build();
    });
  }
}
