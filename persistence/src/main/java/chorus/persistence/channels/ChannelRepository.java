package chorus.persistence.channels;

import static chorus.persistence.jooq.Tables.CHANNELS;
import static chorus.persistence.jooq.Tables.CHANNEL_MEMBERS;
import static chorus.persistence.jooq.Tables.TEAM_MEMBERS;
import static java.util.Objects.requireNonNullElse;

import chorus.persistence.db.JsonColumns;
import chorus.persistence.jooq.tables.records.ChannelMembersRecord;
import chorus.persistence.jooq.tables.records.ChannelsRecord;
import chorus.protocol.api.Channel;
import chorus.protocol.api.TeamUnread;
import chorus.protocol.api.ChannelMember;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * Queries on {@code channels} and {@code channel_members}; the channel's post clock is in
 * {@link chorus.persistence.posts.PostWrites}. Direct and group channels have {@code team_id = ''} and
 * belong to every team of their members, so "the user's channels in a team" always adds
 * the user's D and G channels. Scheme ids, policies and explicit roles are not modelled
 * yet and read as Mattermost's defaults (null / "").
 */
public final class ChannelRepository {

  public void insert(DSLContext dsl, Channel channel) {
    dsl.insertInto(CHANNELS)
        .set(CHANNELS.ID, channel.id())
        .set(CHANNELS.CREATE_AT, channel.createAt())
        .set(CHANNELS.UPDATE_AT, channel.updateAt())
        .set(CHANNELS.DELETE_AT, channel.deleteAt())
        .set(CHANNELS.TEAM_ID, requireNonNullElse(channel.teamId(), ""))
        .set(CHANNELS.TYPE, channel.type())
        .set(CHANNELS.DISPLAY_NAME, requireNonNullElse(channel.displayName(), ""))
        .set(CHANNELS.NAME, channel.name())
        .set(CHANNELS.HEADER, requireNonNullElse(channel.header(), ""))
        .set(CHANNELS.PURPOSE, requireNonNullElse(channel.purpose(), ""))
        .set(CHANNELS.LAST_POST_AT, channel.lastPostAt())
        .set(CHANNELS.TOTAL_MSG_COUNT, channel.totalMsgCount())
        .set(CHANNELS.TOTAL_MSG_COUNT_ROOT, channel.totalMsgCountRoot())
        .set(CHANNELS.LAST_ROOT_POST_AT, channel.lastRootPostAt())
        .set(CHANNELS.EXTRA_UPDATE_AT, channel.extraUpdateAt())
        .set(CHANNELS.CREATOR_ID, requireNonNullElse(channel.creatorId(), ""))
        .execute();
  }

  public Optional<Channel> findById(DSLContext dsl, String id) {
    return dsl.selectFrom(CHANNELS).where(CHANNELS.ID.eq(id)).fetchOptional().map(ChannelRepository::toChannel);
  }

  /**
   * The channel and whether {@code userId} belongs to it and to its team, in one round trip:
   * every post and channel read asks this first.
   */
  public Optional<ChannelAccessRow> findWithAccess(DSLContext dsl, String channelId, String userId) {
    Field<Boolean> member = DSL.field(DSL.exists(DSL.selectOne().from(CHANNEL_MEMBERS)
        .where(CHANNEL_MEMBERS.CHANNEL_ID.eq(CHANNELS.ID)).and(CHANNEL_MEMBERS.USER_ID.eq(userId)))).as("member");
    Field<Boolean> teamMember = DSL.field(DSL.exists(DSL.selectOne().from(TEAM_MEMBERS)
        .where(TEAM_MEMBERS.TEAM_ID.eq(CHANNELS.TEAM_ID)).and(TEAM_MEMBERS.USER_ID.eq(userId))
        .and(TEAM_MEMBERS.DELETE_AT.eq(0L)))).as("team_member");
    return dsl.select(CHANNELS.asterisk(), member, teamMember)
        .from(CHANNELS)
        .where(CHANNELS.ID.eq(channelId))
        .fetchOptional()
        .map(row -> new ChannelAccessRow(toChannel(row.into(CHANNELS)), row.get(member), row.get(teamMember)));
  }

  /** By name within a team; use {@code teamId = ""} for direct and group channels. */
  public Optional<Channel> findByName(DSLContext dsl, String teamId, String name) {
    return dsl.selectFrom(CHANNELS)
        .where(CHANNELS.TEAM_ID.eq(teamId))
        .and(CHANNELS.NAME.eq(name))
        .fetchOptional()
        .map(ChannelRepository::toChannel);
  }

  /** The team's channels the user is a member of, plus the user's D/G channels; by display name. */
  public List<Channel> findForUser(DSLContext dsl, String userId, String teamId, boolean includeDeleted) {
    return dsl.select(CHANNELS.fields())
        .from(CHANNELS)
        .join(CHANNEL_MEMBERS).on(CHANNEL_MEMBERS.CHANNEL_ID.eq(CHANNELS.ID))
        .where(CHANNEL_MEMBERS.USER_ID.eq(userId))
        .and(inTeamOrDirect(teamId))
        .and(includeDeleted ? DSL.noCondition() : CHANNELS.DELETE_AT.eq(0L))
        .orderBy(CHANNELS.DISPLAY_NAME, CHANNELS.ID)
        .fetch(row -> toChannel(row.into(CHANNELS)));
  }

  /**
   * Per team, what the user has not read in its live channels: posts (total minus the count the
   * user's last view caught up to), root posts, and the mention counts. Teams where the user is
   * in no channel are absent.
   */
  public List<TeamUnread> unreadByTeam(DSLContext dsl, String userId) {
    return dsl.select(CHANNELS.TEAM_ID,
            DSL.sum(CHANNELS.TOTAL_MSG_COUNT.minus(CHANNEL_MEMBERS.MSG_COUNT)),
            DSL.sum(CHANNEL_MEMBERS.MENTION_COUNT),
            DSL.sum(CHANNELS.TOTAL_MSG_COUNT_ROOT.minus(CHANNEL_MEMBERS.MSG_COUNT_ROOT)),
            DSL.sum(CHANNEL_MEMBERS.MENTION_COUNT_ROOT),
            DSL.sum(CHANNEL_MEMBERS.URGENT_MENTION_COUNT))
        .from(CHANNELS)
        .join(CHANNEL_MEMBERS).on(CHANNEL_MEMBERS.CHANNEL_ID.eq(CHANNELS.ID))
        .where(CHANNEL_MEMBERS.USER_ID.eq(userId))
        .and(CHANNELS.TEAM_ID.ne(""))
        .and(CHANNELS.DELETE_AT.eq(0L))
        .groupBy(CHANNELS.TEAM_ID)
        .fetch(row -> new TeamUnread(row.value1(), row.value2().longValue(), row.value3().longValue(), row.value4().longValue(),
            row.value5().longValue(), row.value6().longValue(), 0, 0, 0));
  }

  /** Adds a member; a member already there is left as it is. True when the user was not one. */
  public boolean insertMember(DSLContext dsl, ChannelMember member) {
    return dsl.insertInto(CHANNEL_MEMBERS)
        .set(CHANNEL_MEMBERS.CHANNEL_ID, member.channelId())
        .set(CHANNEL_MEMBERS.USER_ID, member.userId())
        .set(CHANNEL_MEMBERS.ROLES, requireNonNullElse(member.roles(), ""))
        .set(CHANNEL_MEMBERS.LAST_VIEWED_AT, member.lastViewedAt())
        .set(CHANNEL_MEMBERS.MSG_COUNT, member.msgCount())
        .set(CHANNEL_MEMBERS.MENTION_COUNT, member.mentionCount())
        .set(CHANNEL_MEMBERS.MENTION_COUNT_ROOT, member.mentionCountRoot())
        .set(CHANNEL_MEMBERS.URGENT_MENTION_COUNT, member.urgentMentionCount())
        .set(CHANNEL_MEMBERS.MSG_COUNT_ROOT, member.msgCountRoot())
        .set(CHANNEL_MEMBERS.NOTIFY_PROPS, JsonColumns.object(member.notifyProps()))
        .set(CHANNEL_MEMBERS.LAST_UPDATE_AT, member.lastUpdateAt())
        .set(CHANNEL_MEMBERS.SCHEME_USER, member.schemeUser())
        .set(CHANNEL_MEMBERS.SCHEME_ADMIN, member.schemeAdmin())
        .set(CHANNEL_MEMBERS.SCHEME_GUEST, member.schemeGuest())
        .onConflictDoNothing()
        .execute() > 0;
  }

  /** Removes a member; true when the user was one. */
  public boolean deleteMember(DSLContext dsl, String channelId, String userId) {
    return dsl.deleteFrom(CHANNEL_MEMBERS)
        .where(CHANNEL_MEMBERS.CHANNEL_ID.eq(channelId))
        .and(CHANNEL_MEMBERS.USER_ID.eq(userId))
        .execute() > 0;
  }

  public Optional<ChannelMember> findMember(DSLContext dsl, String channelId, String userId) {
    return dsl.selectFrom(CHANNEL_MEMBERS)
        .where(CHANNEL_MEMBERS.CHANNEL_ID.eq(channelId))
        .and(CHANNEL_MEMBERS.USER_ID.eq(userId))
        .fetchOptional()
        .map(ChannelRepository::toMember);
  }

  /** The user's memberships of the channels {@link #findForUser} returns (deleted channels included). */
  public List<ChannelMember> membersForUser(DSLContext dsl, String userId, String teamId) {
    return dsl.select(CHANNEL_MEMBERS.fields())
        .from(CHANNEL_MEMBERS)
        .join(CHANNELS).on(CHANNELS.ID.eq(CHANNEL_MEMBERS.CHANNEL_ID))
        .where(CHANNEL_MEMBERS.USER_ID.eq(userId))
        .and(inTeamOrDirect(teamId))
        .orderBy(CHANNEL_MEMBERS.CHANNEL_ID)
        .fetch(row -> toMember(row.into(CHANNEL_MEMBERS)));
  }

  public Set<String> memberUserIds(DSLContext dsl, String channelId) {
    return new HashSet<>(dsl.select(CHANNEL_MEMBERS.USER_ID)
        .from(CHANNEL_MEMBERS)
        .where(CHANNEL_MEMBERS.CHANNEL_ID.eq(channelId))
        .fetch(CHANNEL_MEMBERS.USER_ID));
  }

  /** Locks the channel's row for a change of its properties or its archive state. */
  public Optional<Channel> lockById(DSLContext dsl, String id) {
    return dsl.selectFrom(CHANNELS).where(CHANNELS.ID.eq(id)).forUpdate().fetchOptional().map(ChannelRepository::toChannel);
  }

  /** Writes the properties a patch may change, and the archive mark ({@code delete_at}, 0 when live). */
  public void updateProperties(DSLContext dsl, Channel channel) {
    dsl.update(CHANNELS)
        .set(CHANNELS.DISPLAY_NAME, requireNonNullElse(channel.displayName(), ""))
        .set(CHANNELS.NAME, channel.name())
        .set(CHANNELS.HEADER, requireNonNullElse(channel.header(), ""))
        .set(CHANNELS.PURPOSE, requireNonNullElse(channel.purpose(), ""))
        .set(CHANNELS.DELETE_AT, channel.deleteAt())
        .set(CHANNELS.UPDATE_AT, channel.updateAt())
        .where(CHANNELS.ID.eq(channel.id()))
        .execute();
  }

  /** Channels of a team that are not deleted, for the MaxChannelsPerTeam limit. */
  public int countInTeam(DSLContext dsl, String teamId) {
    return dsl.fetchCount(CHANNELS, CHANNELS.TEAM_ID.eq(teamId).and(CHANNELS.DELETE_AT.eq(0L)));
  }

  /**
   * Marks the channel read for the user: counts catch up with the channel's, mentions clear.
   * The view time is {@code max(now, channel.last_post_at)}: the post clock may run ahead of
   * this node's clock, and a view must cover every post the user has seen.
   *
   * @return the stored view time, or 0 when the user is not a member
   */
  public long markViewed(DSLContext dsl, String channelId, String userId, long now) {
    Field<Long> viewedAt = DSL.greatest(DSL.val(now), CHANNELS.LAST_POST_AT);
    return dsl.update(CHANNEL_MEMBERS)
        .set(CHANNEL_MEMBERS.LAST_VIEWED_AT, viewedAt)
        .set(CHANNEL_MEMBERS.MSG_COUNT, CHANNELS.TOTAL_MSG_COUNT)
        .set(CHANNEL_MEMBERS.MSG_COUNT_ROOT, CHANNELS.TOTAL_MSG_COUNT_ROOT)
        .set(CHANNEL_MEMBERS.MENTION_COUNT, 0L)
        .set(CHANNEL_MEMBERS.MENTION_COUNT_ROOT, 0L)
        .set(CHANNEL_MEMBERS.URGENT_MENTION_COUNT, 0L)
        .set(CHANNEL_MEMBERS.LAST_UPDATE_AT, now)
        .from(CHANNELS)
        .where(CHANNELS.ID.eq(CHANNEL_MEMBERS.CHANNEL_ID))
        .and(CHANNEL_MEMBERS.CHANNEL_ID.eq(channelId))
        .and(CHANNEL_MEMBERS.USER_ID.eq(userId))
        .returning(CHANNEL_MEMBERS.LAST_VIEWED_AT)
        .fetchOptional(CHANNEL_MEMBERS.LAST_VIEWED_AT)
        .orElse(0L);
  }

  private static Condition inTeamOrDirect(String teamId) {
    return CHANNELS.TEAM_ID.eq(teamId).or(CHANNELS.TYPE.in(Channel.DIRECT, Channel.GROUP));
  }

  static Channel toChannel(ChannelsRecord row) {
    return new Channel(row.getId(), row.getCreateAt(), row.getUpdateAt(), row.getDeleteAt(), row.getTeamId(),
        row.getType(), row.getDisplayName(), row.getName(), row.getHeader(), row.getPurpose(), row.getLastPostAt(),
        row.getTotalMsgCount(), row.getExtraUpdateAt(), row.getCreatorId(), null, null, null, false,
        row.getTotalMsgCountRoot(), null, row.getLastRootPostAt());
  }

  static ChannelMember toMember(ChannelMembersRecord row) {
    return new ChannelMember(row.getChannelId(), row.getUserId(), row.getRoles(), row.getLastViewedAt(),
        row.getMsgCount(), row.getMentionCount(), row.getMentionCountRoot(), row.getUrgentMentionCount(),
        row.getMsgCountRoot(), JsonColumns.stringMap(row.getNotifyProps()), row.getLastUpdateAt(),
        row.getSchemeGuest(), row.getSchemeUser(), row.getSchemeAdmin(), "");
  }
}
