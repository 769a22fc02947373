package chorus.node.events;

import chorus.persistence.channels.ChannelEventRepository;
import chorus.persistence.channels.ChannelRepository;
import chorus.persistence.posts.PostWrites;
import chorus.protocol.cluster.ClusterEvent;
import chorus.protocol.ids.Ids;
import chorus.protocol.ws.Broadcast;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;

/**
 * Makes a durable channel event inside the transaction that changes the channel: takes the
 * channel's next position and stores the event in the channel's log exactly as it will be
 * published. While some node cannot find a channel's members itself
 * ({@link EventPublisher#channelEventsCarryMembers}) it also reads the event's audience, the
 * channel's members after the change. Publish the returned event after the commit, through
 * {@link OrderedWrites}.
 */
public final class ChannelEvents {
  private final ChannelEventRepository log;
  private final ChannelRepository channels;
  private final EventPublisher publisher;

  public ChannelEvents(ChannelEventRepository log, ChannelRepository channels, EventPublisher publisher) {
    this.log = log;
    this.channels = channels;
    this.publisher = publisher;
  }

  /**
   * An event at the channel's next position.
   *
   * @param subjectUserId for a membership change, the user who joined or left; "" otherwise
   */
  public ClusterEvent append(DSLContext dsl, String channelId, String event, Map<String, ?> data, String subjectUserId) {
    long position = log.nextPosition(dsl, channelId);
    if (position == 0) {
      throw new IllegalStateException("channel " + channelId + " vanished inside its own transaction");
    }
    return at(dsl, channelId, position, event, data, subjectUserId);
  }

  /**
   * A post's event, which {@link chorus.persistence.posts.PostWrites} stored with the post at the
   * position the post clock gave it, with the members it read in the same statement (null when
   * the hubs find them).
   */
  public ClusterEvent stored(String channelId, PostWrites.Event event, Set<String> members) {
    return new ClusterEvent(event.id(), event.event(), event.data(), Broadcast.toChannel(channelId), members, event.position());
  }

  private ClusterEvent at(DSLContext dsl, String channelId, long position, String event, Map<String, ?> data,
      String subjectUserId) {
    String id = Ids.unique();
    String json = publisher.jsonString(data);
    log.insert(dsl, channelId, position, id, event, subjectUserId, json);
    Set<String> audience = publisher.channelEventsCarryMembers() ? channels.memberUserIds(dsl, channelId) : null;
    return new ClusterEvent(id, event, json, Broadcast.toChannel(channelId), audience, position, subjectUserId);
  }
}
