package chorus.node.events;

import chorus.persistence.channels.ChannelRepository;
import chorus.persistence.pool.PersistencePool;
import chorus.persistence.pool.ReadPreference;
import chorus.protocol.cluster.ClusterEvent;
import chorus.protocol.ws.Broadcast;
import chorus.sharding.events.EventBus;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Publishes WebSocket events cluster-wide after the change they announce has been written.
 * Channel events carry their audience, read from the primary at publish time, so a
 * membership change applies to the very next event on every node.
 */
public final class EventPublisher {
  private final EventBus bus;
  private final PersistencePool pool;
  private final ChannelRepository channels;
  private final ObjectMapper mapper;

  public EventPublisher(EventBus bus, PersistencePool pool, ChannelRepository channels, ObjectMapper mapper) {
    this.bus = bus;
    this.pool = pool;
    this.channels = channels;
    this.mapper = mapper;
  }

  public CompletionStage<Void> toChannel(String channelId, String event, Map<String, ?> data) {
    return toChannel(Broadcast.toChannel(channelId), event, data);
  }

  public CompletionStage<Void> toChannel(Broadcast broadcast, String event, Map<String, ?> data) {
    return pool.read(ReadPreference.PRIMARY, dsl -> channels.memberUserIds(dsl, broadcast.channelId()))
        .thenAccept(members -> publish(event, data, broadcast, members));
  }

  /**
   * For callers that already read the channel's members in their own primary transaction,
   * which saves a second round trip on the hottest path (posting). The event is rendered now;
   * the returned publish (a non-blocking tell) is for the caller to run when its order allows
   * ({@link ChannelEventOrder}), without rendering under the order's monitor.
   */
  public Runnable preparedToChannelMembers(String channelId, Set<String> members, String event, Map<String, ?> data) {
    ClusterEvent rendered = new ClusterEvent(event, jsonString(data), Broadcast.toChannel(channelId), members);
    return () -> bus.publish(rendered);
  }

  public CompletionStage<Void> toUser(String userId, String event, Map<String, ?> data) {
    publish(event, data, Broadcast.toUser(userId), null);
    return CompletableFuture.completedFuture(null);
  }

  public CompletionStage<Void> toEveryone(String event, Map<String, ?> data) {
    publish(event, data, Broadcast.toEveryone(), null);
    return CompletableFuture.completedFuture(null);
  }

  /** Renders a value as a JSON string, the form Mattermost uses for posts inside event data. */
  public String jsonString(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render event data", e);
    }
  }

  private void publish(String event, Map<String, ?> data, Broadcast broadcast, Set<String> audience) {
    bus.publish(new ClusterEvent(event, jsonString(data), broadcast, audience));
  }
}
