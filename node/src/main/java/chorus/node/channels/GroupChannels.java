package chorus.node.channels;

import chorus.node.events.ChannelEvents;
import chorus.node.events.EventPublisher;
import chorus.node.events.OrderedWrites;
import chorus.node.http.ApiException;
import chorus.node.http.Caller;
import chorus.persistence.channels.ChannelRepository;
import chorus.persistence.pool.PersistencePool;
import chorus.persistence.pool.ReadPreference;
import chorus.persistence.users.UserRepository;
import chorus.protocol.api.Channel;
import chorus.protocol.api.User;
import chorus.protocol.cluster.ClusterEvent;
import chorus.protocol.ids.Ids;
import chorus.protocol.ws.EventType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /channels/group}: the group message of 3 to 8 users, the caller among them (added
 * when the list leaves them out), found or created. As in Mattermost the channel's name is the
 * SHA-1 of its members' sorted ids, so the same set of users always gets the same channel, also
 * when two of them open it at once on different nodes (the unique name lets one insert win);
 * its display name is their sorted usernames. A new one is announced by a durable
 * {@code group_added} event with {@code teammate_ids} (a JSON string), to its members.
 */
public final class GroupChannels {
  static final int MIN_USERS = 3;
  static final int MAX_USERS = 8;
  private static final int MAX_DISPLAY_NAME = 64;

  private final PersistencePool pool;
  private final OrderedWrites ordered;
  private final ChannelRepository channels;
  private final UserRepository users;
  private final ChannelEvents channelEvents;
  private final EventPublisher events;
  private final Ids ids;
  private final Clock clock;

  public GroupChannels(PersistencePool pool, OrderedWrites ordered, ChannelRepository channels, UserRepository users,
      ChannelEvents channelEvents, EventPublisher events, Ids ids, Clock clock) {
    this.pool = pool;
    this.ordered = ordered;
    this.channels = channels;
    this.users = users;
    this.channelEvents = channelEvents;
    this.events = events;
    this.ids = ids;
    this.clock = clock;
  }

  public CompletionStage<Channel> findOrCreate(Caller caller, List<String> userIds) {
    if (userIds.isEmpty()) {
      return CompletableFuture.failedFuture(ApiException.invalidParam("user_ids"));
    }
    if (userIds.stream().anyMatch(id -> !Ids.isValid(id))) {
      return CompletableFuture.failedFuture(ApiException.invalidParam("user_id"));
    }
    TreeSet<String> sorted = new TreeSet<>(userIds);
    sorted.add(caller.userId());
    List<String> members = List.copyOf(sorted);
    if (members.size() < MIN_USERS || members.size() > MAX_USERS) {
      return CompletableFuture.failedFuture(ApiException.badRequest("api.channel.create_group.bad_size.app_error",
          "Group message channels must contain at least " + MIN_USERS + " and no more than " + MAX_USERS + " users."));
    }
    String name = nameOf(members);
    long now = clock.millis();
    return ordered.write(dsl -> {
      var existing = channels.findByName(dsl, "", name);
      if (existing.isPresent()) {
        return new Group(existing.get(), List.of());
      }
      List<User> found = users.findByIds(dsl, members);
      if (found.size() != members.size()) {
        throw ApiException.badRequest("api.channel.create_group.bad_user.app_error",
            "One of the provided users does not exist.");
      }
      Channel channel = NewChannels.channel(ids.next(), now, "", Channel.GROUP, name, displayNameOf(found), "", "",
          caller.userId());
      channels.insert(dsl, channel);
      for (String userId : members) {
        channels.insertMember(dsl, NewChannels.member(channel.id(), userId, false, now));
      }
      return new Group(channel, List.of(channelEvents.append(dsl, channel.id(), EventType.GROUP_ADDED,
          Map.of("teammate_ids", events.jsonString(members)), "")));
    }, Group::events).exceptionallyCompose(failure -> {
      if (PersistencePool.isUniqueViolation(failure)) {
        return pool.read(ReadPreference.PRIMARY, dsl -> channels.findByName(dsl, "", name)
            .map(existing -> new Group(existing, List.of()))
            .orElseThrow(() -> new CompletionException(failure)));
      }
      return CompletableFuture.failedFuture(failure);
    }).thenApply(Group::channel);
  }

  /** Mattermost's {@code GetGroupNameFromUserIds}: the hex SHA-1 of the sorted ids, concatenated. */
  static String nameOf(List<String> sortedIds) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sortedIds.forEach(id -> sha1.update(id.getBytes(StandardCharsets.UTF_8)));
      return HexFormat.of().formatHex(sha1.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Mattermost's {@code GetGroupDisplayNameFromUsers}: sorted usernames, ", " between, cut to 64 characters. */
  private static String displayNameOf(List<User> members) {
    String joined = String.join(", ", members.stream().map(User::username).sorted().toList());
    return joined.length() > MAX_DISPLAY_NAME ? joined.substring(0, MAX_DISPLAY_NAME) : joined;
  }

  private record Group(Channel channel, List<ClusterEvent> events) {}
}
