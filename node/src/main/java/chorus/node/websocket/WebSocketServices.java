package chorus.node.websocket;

import chorus.node.events.EventPublisher;
import chorus.node.status.StatusService;
import chorus.node.system.ServerVersion;
import chorus.persistence.channels.ChannelRepository;
import chorus.persistence.pool.PersistencePool;
import chorus.sharding.hub.WebSocketHub;
import chorus.sharding.presence.Presences;
import chorus.sharding.sessions.Sessions;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;

/** What a WebSocket connection talks to; one instance per node, shared by all its connections. */
public record WebSocketServices(
    ActorRef<WebSocketHub.Command> hub,
    Sessions sessions,
    Presences presence,
    StatusService statuses,
    EventPublisher events,
    PersistencePool pool,
    ChannelRepository channels,
    ObjectMapper mapper,
    ServerVersion version,
    Clock clock,
    Duration authTimeout) {}
