package chorus.node.systemposts;

import chorus.node.events.ChannelEvents;
import chorus.node.events.EventPublisher;
import chorus.node.events.PostedEventData;
import chorus.persistence.posts.PostWrites;
import chorus.persistence.users.UserRepository;
import chorus.protocol.api.Post;
import chorus.protocol.api.User;
import chorus.protocol.cluster.ClusterEvent;
import chorus.protocol.ids.Ids;
import chorus.protocol.ws.EventType;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jooq.DSLContext;

/**
 * Writes the system posts that tell a channel's history ("@bob joined the channel", "@alice
 * updated the channel header ..."), each inside the transaction of the change it tells of, so the
 * post exists exactly when the change does. A system post is an ordinary post of type
 * {@code system_*} by the user who made the change, at the channel's next position, announced as
 * {@code posted}; the caller publishes the returned event after the commit, with the change's own.
 */
public final class SystemPosts {
  private final PostWrites writes;
  private final ChannelEvents channelEvents;
  private final EventPublisher events;
  private final UserRepository users;
  private final Ids ids;
  private final Clock clock;

  public SystemPosts(PostWrites writes, ChannelEvents channelEvents, EventPublisher events, UserRepository users, Ids ids,
      Clock clock) {
    this.writes = writes;
    this.channelEvents = channelEvents;
    this.events = events;
    this.users = users;
    this.ids = ids;
    this.clock = clock;
  }

  public Optional<ClusterEvent> joinedChannel(DSLContext dsl, String channelId, String userId) {
    return write(dsl, channelId, userId, SystemPostText::joinedChannel);
  }

  public Optional<ClusterEvent> leftChannel(DSLContext dsl, String channelId, String userId) {
    return write(dsl, channelId, userId, SystemPostText::leftChannel);
  }

  public Optional<ClusterEvent> addedToChannel(DSLContext dsl, String channelId, String actorId, String addedId) {
    String added = username(dsl, addedId);
    return write(dsl, channelId, actorId, actor -> SystemPostText.addedToChannel(actorId, actor, addedId, added));
  }

  public Optional<ClusterEvent> removedFromChannel(DSLContext dsl, String channelId, String actorId, String removedId) {
    String removed = username(dsl, removedId);
    return write(dsl, channelId, actorId, actor -> SystemPostText.removedFromChannel(removedId, removed));
  }

  public Optional<ClusterEvent> joinedTeam(DSLContext dsl, String channelId, String userId) {
    return write(dsl, channelId, userId, SystemPostText::joinedTeam);
  }

  /** In the team's default channel: "left the team", or "removed from the team" when someone else removed the user. */
  public Optional<ClusterEvent> leftTeam(DSLContext dsl, String channelId, String actorId, String userId) {
    if (actorId.equals(userId)) {
      return write(dsl, channelId, userId, SystemPostText::leftTeam);
    }
    String removed = username(dsl, userId);
    return write(dsl, channelId, actorId, actor -> SystemPostText.removedFromTeam(userId, removed));
  }

  public Optional<ClusterEvent> archived(DSLContext dsl, String channelId, String actorId) {
    return write(dsl, channelId, actorId, SystemPostText::archived);
  }

  public Optional<ClusterEvent> unarchived(DSLContext dsl, String channelId, String actorId) {
    return write(dsl, channelId, actorId, SystemPostText::unarchived);
  }

  /** One post per property the change touched: display name, header, purpose, in that order. */
  public List<ClusterEvent> propertiesChanged(DSLContext dsl, String channelId, String actorId, ChannelTexts before,
      ChannelTexts after) {
    List<ClusterEvent> posts = new java.util.ArrayList<>();
    if (!before.displayName().equals(after.displayName())) {
      write(dsl, channelId, actorId, actor -> SystemPostText.displayNameChanged(actor, before.displayName(), after.displayName()))
          .ifPresent(posts::add);
    }
    if (!before.header().equals(after.header())) {
      write(dsl, channelId, actorId, actor -> SystemPostText.headerChanged(actor, before.header(), after.header()))
          .ifPresent(posts::add);
    }
    if (!before.purpose().equals(after.purpose())) {
      write(dsl, channelId, actorId, actor -> SystemPostText.purposeChanged(actor, before.purpose(), after.purpose()))
          .ifPresent(posts::add);
    }
    return posts;
  }

  /** What a channel shows of itself that its system posts tell changes of. */
  public record ChannelTexts(String displayName, String header, String purpose) {}

  private Optional<ClusterEvent> write(DSLContext dsl, String channelId, String userId, Function<String, SystemPostText> text) {
    // Whether it counts depends only on the type, which the text's arguments do not change.
    boolean counted = text.apply("").counted();
    return writes.claimForSystemPost(dsl, channelId, userId, clock.millis(), counted).map(slot -> {
      SystemPostText said = text.apply(slot.senderUsername());
      Post post = new Post(ids.next(), slot.createAt(), slot.createAt(), 0, 0, false, userId, channelId, "", "", said.message(),
          said.type(), said.props(), "", List.of(), "", 0, 0, null, null);
      PostWrites.Event posted = new PostWrites.Event(Ids.unique(), EventType.POSTED,
          events.jsonString(PostedEventData.of(events, post, slot, false)), slot.position());
      return channelEvents.stored(channelId, posted, writes.record(dsl, post, posted, List.of(), Optional.empty(), clock.millis(),
          events.channelEventsCarryMembers()));
    });
  }

  private String username(DSLContext dsl, String userId) {
    return users.findById(dsl, userId).map(User::username).orElse("");
  }
}
