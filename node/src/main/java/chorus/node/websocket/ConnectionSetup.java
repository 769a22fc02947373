package chorus.node.websocket;

import chorus.protocol.api.Session;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * How a connection actor starts: with a socket (a client connected, maybe resuming
 * {@code resumeId} from {@code sequenceNumber}, maybe already authenticated by the upgrade),
 * or with a state another node handed over as it stopped (adopted: no socket until the
 * client returns and claims it).
 */
record ConnectionSetup(Optional<ConnectionSocket> socket, Optional<String> resumeId, long sequenceNumber,
    Optional<Session> upgradeSession, Optional<Connections.Adopt> adopted, ActorRef<Connections.Command> connections) {

  static ConnectionSetup adopting(Connections.Adopt adopt, ActorRef<Connections.Command> connections) {
    return new ConnectionSetup(Optional.empty(), Optional.empty(), 0, Optional.empty(), Optional.of(adopt), connections);
  }
}
