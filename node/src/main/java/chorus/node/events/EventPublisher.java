package chorus.node.events;

import chorus.persistence.channels.ChannelRepository;
import chorus.persistence.pool.PersistencePool;
import chorus.persistence.pool.ReadPreference;
import chorus.protocol.cluster.ClusterEvent;
import chorus.protocol.ids.Ids;
import chorus.protocol.ws.Broadcast;
import chorus.sharding.events.EventBus;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;

/**
 * Publishes WebSocket events cluster-wide after the change they announce has been written.
 * Durable channel events are made in their transaction ({@link ChannelEvents}) and published
 * through {@link OrderedWrites}; the events here are the ones that are not stored: to one
 * user, to everyone, and channel events that describe a moment (typing).
 *
 * <p>A channel event leaves its audience to the hubs' membership indexes when every node has
 * one ({@link chorus.sharding.hub.MembershipIndexGate}); until then (a rolling upgrade) it
 * carries the members, read on the primary, for a moment at publish time so a membership
 * change applies to the very next one.
 */
public final class EventPublisher {
  private final EventBus bus;
  private final PersistencePool pool;
  private final ChannelRepository channels;
  private final ObjectMapper mapper;
  private final BooleanSupplier hubsKnowMembers;

  /** @param hubsKnowMembers whether every node's hub finds channel members itself (the gate's {@code open}) */
  public EventPublisher(EventBus bus, PersistencePool pool, ChannelRepository channels, ObjectMapper mapper,
      BooleanSupplier hubsKnowMembers) {
    this.bus = bus;
    this.pool = pool;
    this.channels = channels;
    this.mapper = mapper;
    this.hubsKnowMembers = hubsKnowMembers;
  }

  /** Whether a channel event must carry its members: some node of the cluster cannot find them itself. */
  public boolean channelEventsCarryMembers() {
    return !hubsKnowMembers.getAsBoolean();
  }

  /** A moment in a channel (typing): to its members as they are now, not stored. */
  public CompletionStage<Void> momentInChannel(Broadcast broadcast, String event, Map<String, ?> data) {
    String json = jsonString(data);
    if (!channelEventsCarryMembers()) {
      bus.publish(ClusterEvent.unpositioned(Ids.unique(), event, json, broadcast, null));
      return CompletableFuture.completedFuture(null);
    }
    return pool.read(ReadPreference.PRIMARY, dsl -> channels.memberUserIds(dsl, broadcast.channelId()))
        .thenAccept(members -> bus.publish(ClusterEvent.unpositioned(Ids.unique(), event, json, broadcast, members)));
  }

  public CompletionStage<Void> toUser(String userId, String event, Map<String, ?> data) {
    bus.publish(ClusterEvent.unpositioned(Ids.unique(), event, jsonString(data), Broadcast.toUser(userId), null));
    return CompletableFuture.completedFuture(null);
  }

  public CompletionStage<Void> toEveryone(String event, Map<String, ?> data) {
    bus.publish(ClusterEvent.unpositioned(Ids.unique(), event, jsonString(data), Broadcast.toEveryone(), null));
    return CompletableFuture.completedFuture(null);
  }

  /** An event already made (a durable channel event, whose turn has come). */
  public void publish(ClusterEvent event) {
    bus.publish(event);
  }

  /** Renders a value as a JSON string, the form Mattermost uses for posts inside event data. */
  public String jsonString(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render event data", e);
    }
  }
}
