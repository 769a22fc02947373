package chorus.node.channels;

import chorus.node.events.ChannelEvents;
import chorus.node.events.EventPublisher;
import chorus.node.events.OrderedWrites;
import chorus.node.http.ApiException;
import chorus.node.http.Caller;
import chorus.node.systemposts.SystemPosts;
import chorus.persistence.channels.ChannelRepository;
import chorus.persistence.pool.PersistencePool;
import chorus.persistence.pool.ReadPreference;
import chorus.persistence.teams.TeamRepository;
import chorus.persistence.users.UserRepository;
import chorus.protocol.api.AddChannelMembersRequest;
import chorus.protocol.api.Channel;
import chorus.protocol.api.ChannelMember;
import chorus.protocol.api.CreateChannelRequest;
import chorus.protocol.api.ViewChannelRequest;
import chorus.protocol.api.ViewChannelResponse;
import chorus.protocol.cluster.ClusterEvent;
import chorus.protocol.ids.Ids;
import chorus.protocol.ws.EventType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.IntSupplier;

/**
 * Channels, direct channels, membership and "viewed" marks. Membership changes and a new
 * direct channel are durable channel events (they decide who can see what comes after them),
 * made in the transaction that changes the members; the rest are announced to their users.
 */
public final class ChannelService {
  private final PersistencePool pool;
  private final ChannelRepository channels;
  private final TeamRepository teams;
  private final UserRepository users;
  private final ChannelAccess access;
  private final EventPublisher events;
  private final OrderedWrites ordered;
  private final ChannelEvents channelEvents;
  private final Ids ids;
  private final Clock clock;
  private final IntSupplier maxChannelsPerTeam;
  private final SystemPosts systemPosts;

  public ChannelService(PersistencePool pool, ChannelRepository channels, TeamRepository teams, UserRepository users,
      ChannelAccess access, EventPublisher events, OrderedWrites ordered, ChannelEvents channelEvents, Ids ids, Clock clock,
      IntSupplier maxChannelsPerTeam, SystemPosts systemPosts) {
    this.systemPosts = systemPosts;
    this.ordered = ordered;
    this.channelEvents = channelEvents;
    this.maxChannelsPerTeam = maxChannelsPerTeam;
    this.pool = pool;
    this.channels = channels;
    this.teams = teams;
    this.users = users;
    this.access = access;
    this.events = events;
    this.ids = ids;
    this.clock = clock;
  }

  public CompletionStage<Channel> create(Caller caller, CreateChannelRequest request) {
    ChannelRules.check(request);
    if (!Ids.isValid(request.teamId())) {
      return CompletableFuture.failedFuture(ApiException.invalidParam("team_id"));
    }
    long now = clock.millis();
    Channel channel = NewChannels.channel(ids.next(), now, request.teamId(), request.type(), request.name(),
        request.displayName().trim(), request.purpose(), request.header(), caller.userId());
    return pool.write(dsl -> {
      // Locked first: the MaxChannelsPerTeam count below must not race another creation.
      teams.lockById(dsl, request.teamId()).filter(t -> t.deleteAt() == 0)
          .orElseThrow(() -> ApiException.notFound("app.team.get.find.app_error", "Unable to find the existing team."));
      if (teams.findMember(dsl, request.teamId(), caller.userId()).isEmpty() && !caller.isSystemAdmin()) {
        throw ApiException.forbidden();
      }
      int limit = maxChannelsPerTeam.getAsInt();
      if (channels.countInTeam(dsl, request.teamId()) >= limit) {
        throw ApiException.badRequest("api.channel.create_channel.max_channel_limit.app_error",
            "Unable to create more than " + limit + " channels for the current team.");
      }
      channels.insert(dsl, channel);
      channels.insertMember(dsl, NewChannels.member(channel.id(), caller.userId(), true, now));
      return channel;
    }).exceptionally(failure -> {
      if (PersistencePool.isUniqueViolation(failure)) {
        throw ApiException.badRequest("store.sql_channel.save_channel.exists.app_error", "A channel with that name already exists on the same team.");
      }
      throw failure instanceof CompletionException c ? c : new CompletionException(failure);
    }).thenCompose(saved -> events.toUser(caller.userId(), EventType.CHANNEL_CREATED,
        Map.of("channel_id", saved.id(), "team_id", saved.teamId())).thenApply(done -> saved));
  }

  public CompletionStage<Channel> get(Caller caller, String channelId) {
    return pool.read(ReadPreference.PRIMARY, dsl -> access.readable(dsl, caller, channelId));
  }

  /** Finds or creates the direct channel of two users; one of them must be the caller. */
  public CompletionStage<Channel> direct(Caller caller, List<String> userIds) {
    List<String> pair = List.copyOf(new LinkedHashSet<>(userIds));
    if (userIds.size() != 2 || pair.stream().anyMatch(id -> !Ids.isValid(id))) {
      return CompletableFuture.failedFuture(ApiException.invalidBody("user_ids"));
    }
    if (!pair.contains(caller.userId()) && !caller.isSystemAdmin()) {
      return CompletableFuture.failedFuture(ApiException.forbidden());
    }
    String first = pair.get(0);
    String second = pair.size() == 2 ? pair.get(1) : first;
    String name = Channel.directName(first, second);
    long now = clock.millis();
    String teammate = first.equals(caller.userId()) ? second : first;
    return ordered.write(dsl -> {
      var existing = channels.findByName(dsl, "", name);
      if (existing.isPresent()) {
        return new Direct(existing.get(), List.of());
      }
      if (users.findByIds(dsl, pair).size() != pair.size()) {
        throw ApiException.badRequest("api.channel.create_direct_channel.invalid_user.app_error", "Invalid user ID for direct channel creation.");
      }
      Channel channel = NewChannels.channel(ids.next(), now, "", Channel.DIRECT, name, "", "", "", caller.userId());
      channels.insert(dsl, channel);
      for (String userId : pair) {
        channels.insertMember(dsl, NewChannels.member(channel.id(), userId, false, now));
      }
      return new Direct(channel, List.of(channelEvents.append(dsl, channel.id(), EventType.DIRECT_ADDED,
          Map.of("creator_id", caller.userId(), "teammate_id", teammate), "")));
    }, Direct::events).exceptionallyCompose(failure -> {
      // Both users may open the conversation at the same moment: the insert that loses the
      // race on the unique name returns the winner's channel instead of failing.
      if (PersistencePool.isUniqueViolation(failure)) {
        return pool.read(ReadPreference.PRIMARY, dsl -> channels.findByName(dsl, "", name)
            .map(existing -> new Direct(existing, List.of()))
            .orElseThrow(() -> new CompletionException(failure)));
      }
      return CompletableFuture.failedFuture(failure);
    }).thenApply(Direct::channel);
  }

  /** The direct channel, and its direct_added event if this call created it. */
  private record Direct(Channel channel, List<ClusterEvent> events) {}

  /**
   * Adds one user ({@code user_id}) or several ({@code user_ids}). Joining an open channel
   * yourself needs team membership; adding others needs channel membership.
   */
  public CompletionStage<Object> addMembers(Caller caller, String channelId, AddChannelMembersRequest request) {
    boolean single = request.userId() != null && !request.userId().isEmpty();
    List<String> targets = single ? List.of(request.userId()) : request.userIds() == null ? List.of() : List.copyOf(new LinkedHashSet<>(request.userIds()));
    if (targets.isEmpty() || targets.stream().anyMatch(id -> !Ids.isValid(id))) {
      return CompletableFuture.failedFuture(ApiException.invalidParam("user_id"));
    }
    long now = clock.millis();
    return ordered.write(dsl -> {
      Channel channel = access.existing(dsl, channelId);
      if (channel.deleteAt() > 0 || Channel.DIRECT.equals(channel.type()) || Channel.GROUP.equals(channel.type())) {
        throw ApiException.badRequest("api.channel.add_user_to_channel.type.app_error", "Can not add user to this channel type.");
      }
      boolean callerIsMember = channels.findMember(dsl, channelId, caller.userId()).isPresent();
      boolean selfJoin = targets.equals(List.of(caller.userId())) && Channel.OPEN.equals(channel.type())
          && teams.findMember(dsl, channel.teamId(), caller.userId()).isPresent();
      if (!callerIsMember && !selfJoin && !caller.isSystemAdmin()) {
        throw ApiException.forbidden();
      }
      List<ChannelMember> added = new ArrayList<>();
      List<ClusterEvent> joined = new ArrayList<>();
      for (String userId : targets) {
        if (teams.findMember(dsl, channel.teamId(), userId).isEmpty()) {
          throw ApiException.badRequest("api.channel.add_members.user_denied", "The user is not a member of the channel's team.");
        }
        if (channels.insertMember(dsl, NewChannels.member(channelId, userId, false, now))) {
          // Upstream sends the channel's team: clients compare it with the team they show.
          joined.add(channelEvents.append(dsl, channelId, EventType.USER_ADDED,
              Map.of("user_id", userId, "team_id", channel.teamId()), userId));
          (userId.equals(caller.userId()) ? systemPosts.joinedChannel(dsl, channelId, userId)
              : systemPosts.addedToChannel(dsl, channelId, caller.userId(), userId)).ifPresent(joined::add);
        }
        added.add(channels.findMember(dsl, channelId, userId).orElseThrow());
      }
      return new AddedMembers(added, joined);
    }, AddedMembers::events).thenApply(result -> single ? result.members().get(0) : result.members());
  }

  /** The members as they are now, and a user_added event for each who was not one before. */
  private record AddedMembers(List<ChannelMember> members, List<ClusterEvent> events) {}

  /**
   * Removes {@code userId} from the channel: anyone may leave; removing someone else needs
   * channel membership (Mattermost's default channel-user permission) or system admin. The
   * default channel and direct/group channels keep their members. The channel's event goes
   * to the members that remain, read after the removal, so the removed user's sockets on
   * every node stop receiving the channel at once.
   */
  public CompletionStage<Void> removeMember(Caller caller, String channelId, String userId) {
    return ordered.write(dsl -> {
      Channel channel = access.existing(dsl, channelId);
      if (Channel.DIRECT.equals(channel.type()) || Channel.GROUP.equals(channel.type())) {
        throw ApiException.badRequest("api.channel.remove_channel_member.type.app_error", "Can not remove user from this channel type.");
      }
      if (NewChannels.DEFAULT_CHANNEL_NAME.equals(channel.name())) {
        throw ApiException.badRequest("api.channel.remove.default.app_error",
            "Unable to remove user from the default channel " + NewChannels.DEFAULT_CHANNEL_NAME + ".");
      }
      boolean self = caller.userId().equals(userId);
      if (!self && !caller.isSystemAdmin() && channels.findMember(dsl, channelId, caller.userId()).isEmpty()) {
        throw ApiException.forbidden();
      }
      if (!channels.deleteMember(dsl, channelId, userId)) {
        throw ApiException.notFound("app.channel.get_member.missing.app_error", "No channel member found for that user ID and channel ID.");
      }
      List<ClusterEvent> removed = new ArrayList<>();
      removed.add(channelEvents.append(dsl, channelId, EventType.USER_REMOVED,
          Map.of("user_id", userId, "remover_id", caller.userId()), userId));
      (self ? systemPosts.leftChannel(dsl, channelId, userId) : systemPosts.removedFromChannel(dsl, channelId, caller.userId(), userId))
          .ifPresent(removed::add);
      return removed;
    }, removed -> removed).thenCompose(removed -> events.toUser(userId, EventType.USER_REMOVED,
        Map.of("channel_id", channelId, "remover_id", caller.userId())));
  }

  public CompletionStage<List<Channel>> channelsOf(Caller caller, String userId, String teamId, boolean includeDeleted) {
    caller.requireSelfOrAdmin(userId);
    return pool.read(caller.ownReads(), dsl -> channels.findForUser(dsl, userId, teamId, includeDeleted));
  }

  public CompletionStage<List<ChannelMember>> membersOf(Caller caller, String userId, String teamId) {
    caller.requireSelfOrAdmin(userId);
    return pool.read(caller.ownReads(), dsl -> channels.membersForUser(dsl, userId, teamId));
  }

  /** Marks the channel (and the one the user left) read, and tells the user's other sessions. */
  public CompletionStage<ViewChannelResponse> view(Caller caller, String userId, ViewChannelRequest request) {
    caller.requireSelfOrAdmin(userId);
    List<String> viewed = new ArrayList<>();
    for (String id : new String[] {request.channelId(), request.prevChannelId()}) {
      if (id != null && !id.isEmpty()) {
        if (!Ids.isValid(id)) {
          return CompletableFuture.failedFuture(ApiException.invalidParam("channel_id"));
        }
        viewed.add(id);
      }
    }
    long now = clock.millis();
    return pool.write(dsl -> {
      Map<String, Long> times = new LinkedHashMap<>();
      for (String id : viewed) {
        long at = channels.markViewed(dsl, id, userId, now);
        if (at > 0) {
          times.put(id, at);
        }
      }
      return times;
    }).thenCompose(times -> events.toUser(userId, EventType.MULTIPLE_CHANNELS_VIEWED, Map.of("channel_times", times))
        .thenApply(done -> new ViewChannelResponse("OK", times)));
  }
}
