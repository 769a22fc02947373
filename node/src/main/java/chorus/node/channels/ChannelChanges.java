package chorus.node.channels;

import chorus.node.events.ChannelEvents;
import chorus.node.events.EventPublisher;
import chorus.node.events.OrderedWrites;
import chorus.node.http.ApiException;
import chorus.node.http.Caller;
import chorus.node.systemposts.SystemPosts;
import chorus.persistence.channels.ChannelRepository;
import chorus.persistence.pool.PersistencePool;
import chorus.persistence.teams.TeamRepository;
import chorus.protocol.api.Channel;
import chorus.protocol.api.PatchChannelRequest;
import chorus.protocol.api.Roles;
import chorus.protocol.cluster.ClusterEvent;
import chorus.protocol.ids.Ids;
import chorus.protocol.ws.Broadcast;
import chorus.protocol.ws.EventType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.jooq.DSLContext;

/**
 * A channel's properties and archive state, with Mattermost's permissions as Chorus's default
 * roles give them: members (and system admins) patch and archive an open or private channel,
 * members patch a direct or group channel's header and purpose, team admins (and system
 * admins) restore an archived one.
 *
 * <p>A patch is a durable {@code channel_updated} event of the channel (data {@code channel}
 * as a JSON string). Archiving and restoring are announced to the team ({@code channel_deleted}
 * {@code {channel_id, delete_at}}, {@code channel_restored} {@code {channel_id}}), as Mattermost
 * does; a private channel's to its members only, who alone know it. An archived channel stays
 * readable by its members and takes no posts, reactions, members or patches.
 */
public final class ChannelChanges {
  private final PersistencePool pool;
  private final OrderedWrites ordered;
  private final ChannelRepository channels;
  private final TeamRepository teams;
  private final ChannelEvents channelEvents;
  private final EventPublisher events;
  private final Clock clock;
  private final SystemPosts systemPosts;

  public ChannelChanges(PersistencePool pool, OrderedWrites ordered, ChannelRepository channels, TeamRepository teams,
      ChannelEvents channelEvents, EventPublisher events, Clock clock, SystemPosts systemPosts) {
    this.systemPosts = systemPosts;
    this.pool = pool;
    this.ordered = ordered;
    this.channels = channels;
    this.teams = teams;
    this.channelEvents = channelEvents;
    this.events = events;
    this.clock = clock;
  }

  public CompletionStage<Channel> patch(Caller caller, String channelId, PatchChannelRequest patch) {
    return ordered.write(dsl -> {
      Channel channel = locked(dsl, channelId);
      boolean member = channels.findMember(dsl, channelId, caller.userId()).isPresent();
      boolean direct = Channel.DIRECT.equals(channel.type()) || Channel.GROUP.equals(channel.type());
      if (direct && !member) {
        throw new ApiException(403, "api.channel.patch_update_channel.forbidden.app_error", "You do not have the appropriate permissions.");
      }
      if (!direct && !member && !caller.isSystemAdmin()) {
        throw ApiException.forbidden();
      }
      if (channel.deleteAt() > 0) {
        throw ApiException.badRequest("api.channel.update_channel.deleted.app_error", "The channel has been archived or deleted.");
      }
      if (NewChannels.DEFAULT_CHANNEL_NAME.equals(channel.name()) && patch.name() != null && !patch.name().equals(channel.name())) {
        throw ApiException.badRequest("api.channel.update_channel.tried.app_error",
            "Tried to perform an invalid update of the default channel " + NewChannels.DEFAULT_CHANNEL_NAME + ".");
      }
      ChannelRules.check(patch, direct);
      Channel changed = new Channel(channel.id(), channel.createAt(), clock.millis(), channel.deleteAt(), channel.teamId(),
          channel.type(), patch.displayName() == null ? channel.displayName() : patch.displayName().trim(),
          patch.name() == null ? channel.name() : patch.name(), patch.header() == null ? channel.header() : patch.header(),
          patch.purpose() == null ? channel.purpose() : patch.purpose(), channel.lastPostAt(), channel.totalMsgCount(),
          channel.extraUpdateAt(), channel.creatorId(), channel.schemeId(), channel.props(), channel.groupConstrained(),
          channel.shared(), channel.totalMsgCountRoot(), channel.policyId(), channel.lastRootPostAt());
      channels.updateProperties(dsl, changed);
      List<ClusterEvent> made = new ArrayList<>();
      made.add(channelEvents.append(dsl, channelId, EventType.CHANNEL_UPDATED, Map.of("channel", events.jsonString(changed)), ""));
      made.addAll(systemPosts.propertiesChanged(dsl, channelId, caller.userId(), texts(channel), texts(changed)));
      return new Changed(changed, made);
    }, Changed::events).exceptionally(failure -> {
      if (PersistencePool.isUniqueViolation(failure)) {
        throw ApiException.badRequest("store.sql_channel.update.exists.app_error",
            "A channel with that name already exists on the same team.");
      }
      throw failure instanceof CompletionException c ? c : new CompletionException(failure);
    }).thenApply(Changed::channel);
  }

  /** {@code DELETE /channels/{id}}: archives the channel ({@code delete_at}); its posts and members stay. */
  public CompletionStage<Void> archive(Caller caller, String channelId) {
    long now = clock.millis();
    return ordered.write(dsl -> {
      Channel channel = locked(dsl, channelId);
      if (Channel.DIRECT.equals(channel.type()) || Channel.GROUP.equals(channel.type())) {
        throw ApiException.badRequest("api.channel.delete_channel.type.invalid", "Could not delete channel: direct and group messages cannot be archived.");
      }
      boolean member = channels.findMember(dsl, channelId, caller.userId()).isPresent();
      if (!member && !isTeamAdmin(dsl, caller, channel.teamId()) && !caller.isSystemAdmin()) {
        throw ApiException.forbidden();
      }
      if (channel.deleteAt() > 0) {
        throw ApiException.badRequest("api.channel.delete_channel.deleted.app_error", "The channel has been archived or deleted.");
      }
      if (NewChannels.DEFAULT_CHANNEL_NAME.equals(channel.name())) {
        throw ApiException.badRequest("api.channel.delete_channel.cannot.app_error",
            "Unable to delete the default channel " + NewChannels.DEFAULT_CHANNEL_NAME + ".");
      }
      List<ClusterEvent> posted = systemPosts.archived(dsl, channelId, caller.userId()).stream().toList();
      channels.updateProperties(dsl, withDeleteAt(channels.findById(dsl, channelId).orElse(channel), now, now));
      return new Archived(audience(dsl, channel), posted);
    }, Archived::posts).thenAccept(done -> announce(EventType.CHANNEL_DELETED, done.audience(),
        Map.of("channel_id", channelId, "delete_at", now)));
  }

  /** {@code POST /channels/{id}/restore}: Mattermost's manage_team, so team admins. */
  public CompletionStage<Channel> restore(Caller caller, String channelId) {
    long now = clock.millis();
    return ordered.write(dsl -> {
      Channel channel = locked(dsl, channelId);
      if (!isTeamAdmin(dsl, caller, channel.teamId()) && !caller.isSystemAdmin()) {
        throw ApiException.forbidden();
      }
      if (channel.deleteAt() == 0) {
        throw ApiException.badRequest("api.channel.restore_channel.restored.app_error", "Unable to unarchive channel. The channel is not archived.");
      }
      Channel restored = withDeleteAt(channel, 0, now);
      channels.updateProperties(dsl, restored);
      List<ClusterEvent> posted = systemPosts.unarchived(dsl, channelId, caller.userId()).stream().toList();
      return new Restored(channels.findById(dsl, channelId).orElse(restored), audience(dsl, channel), posted);
    }, Restored::posts).thenApply(done -> {
      announce(EventType.CHANNEL_RESTORED, done.audience(), Map.of("channel_id", channelId));
      return done.channel();
    });
  }

  private Channel locked(DSLContext dsl, String channelId) {
    return channels.lockById(dsl, channelId)
        .orElseThrow(() -> ApiException.notFound("app.channel.get.existing.app_error", "Unable to find the existing channel."));
  }

  private boolean isTeamAdmin(DSLContext dsl, Caller caller, String teamId) {
    return teams.findMember(dsl, teamId, caller.userId()).map(m -> Roles.has(m.roles(), Roles.TEAM_ADMIN)).orElse(false);
  }

  /** Who hears of an archive or a restore: the team for an open channel, the members for a private one. */
  private Audience audience(DSLContext dsl, Channel channel) {
    return Channel.OPEN.equals(channel.type())
        ? new Audience(Broadcast.toTeam(channel.teamId()), teams.memberUserIds(dsl, channel.teamId()))
        : new Audience(Broadcast.toChannel(channel.id()), channels.memberUserIds(dsl, channel.id()));
  }

  private void announce(String event, Audience audience, Map<String, ?> data) {
    events.publish(ClusterEvent.unpositioned(Ids.unique(), event, events.jsonString(data), audience.broadcast(), audience.users()));
  }

  private static Channel withDeleteAt(Channel c, long deleteAt, long now) {
    return new Channel(c.id(), c.createAt(), now, deleteAt, c.teamId(), c.type(), c.displayName(), c.name(), c.header(),
        c.purpose(), c.lastPostAt(), c.totalMsgCount(), c.extraUpdateAt(), c.creatorId(), c.schemeId(), c.props(),
        c.groupConstrained(), c.shared(), c.totalMsgCountRoot(), c.policyId(), c.lastRootPostAt());
  }

  private record Changed(Channel channel, List<ClusterEvent> events) {}

  private record Audience(Broadcast broadcast, Set<String> users) {}

  private record Restored(Channel channel, Audience audience, List<ClusterEvent> posts) {}

  private record Archived(Audience audience, List<ClusterEvent> posts) {}

  private static SystemPosts.ChannelTexts texts(Channel channel) {
    return new SystemPosts.ChannelTexts(orEmpty(channel.displayName()), orEmpty(channel.header()), orEmpty(channel.purpose()));
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}
