package chorus.node.websocket;

import chorus.node.events.EventPublisher;
import chorus.node.status.StatusService;
import chorus.node.system.ServerVersion;
import chorus.persistence.channels.ChannelRepository;
import chorus.persistence.pool.PersistencePool;
import chorus.protocol.ids.Ids;
import chorus.sharding.hub.WebSocketHub;
import chorus.sharding.presence.Presences;
import chorus.sharding.sessions.NodeSessions;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import chorus.node.metrics.NodeMetrics;
import org.apache.pekko.actor.typed.ActorRef;

/** What a WebSocket connection talks to; one instance per node, shared by all its connections. */
public record WebSocketServices(
    ActorRef<WebSocketHub.Command> hub,
    NodeSessions sessions,
    Presences presence,
    StatusService statuses,
    EventPublisher events,
    PersistencePool pool,
    ChannelRepository channels,
    ObjectMapper mapper,
    ServerVersion version,
    Clock clock,
    Ids ids,
    NodeMetrics metrics,
    Timings timings) {

  /**
   * @param authTimeout how long an unauthenticated socket may stay open (Mattermost: 5 s)
   * @param resumeWindow how long a connection without a socket stays resumable
   * @param presenceGrace how long a connection whose socket broke off keeps its user online,
   *     so that a reconnect a few seconds later does not flicker them offline and online
   * @param claimTimeout how long a resuming socket waits for the holder of its connection id
   * @param handOffTimeout how long a stopping node waits for another node to adopt a connection
   * @param forwardFor how long a connection that moved still passes on what reaches it here
   */
  public record Timings(Duration authTimeout, Duration resumeWindow, Duration presenceGrace, Duration claimTimeout,
      Duration handOffTimeout, Duration forwardFor) {}
}
