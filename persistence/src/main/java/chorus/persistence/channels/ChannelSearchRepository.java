package chorus.persistence.channels;

import static chorus.persistence.jooq.Tables.CHANNELS;
import static chorus.persistence.jooq.Tables.CHANNEL_MEMBERS;
import static chorus.persistence.jooq.Tables.USERS;

import chorus.protocol.api.Channel;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * Channel search and autocomplete within a team. A term matches as in Mattermost's database
 * search: the whole term anywhere in the name, display name or purpose (case-insensitive), or
 * every word of it as the start of a word of those three. Archived channels are never found.
 * Queries are bounded by the team ({@code channels_team_id_idx}) or the caller's memberships,
 * so they need no index of their own.
 */
public final class ChannelSearchRepository {
  private static final char ESCAPE = '\\';

  /** The team's public channels matching the term, by display name. */
  public List<Channel> publicInTeam(DSLContext dsl, String teamId, String term, int limit) {
    return dsl.selectFrom(CHANNELS)
        .where(CHANNELS.TEAM_ID.eq(teamId))
        .and(CHANNELS.TYPE.eq(Channel.OPEN))
        .and(CHANNELS.DELETE_AT.eq(0L))
        .and(matches(term, CHANNELS.NAME, CHANNELS.DISPLAY_NAME, CHANNELS.PURPOSE))
        .orderBy(CHANNELS.DISPLAY_NAME, CHANNELS.ID)
        .limit(limit)
        .fetch(ChannelRepository::toChannel);
  }

  /** The team's public channels and the private ones the user is in, matching the term, by display name. */
  public List<Channel> visibleInTeam(DSLContext dsl, String teamId, String userId, String term, int limit) {
    return dsl.selectFrom(CHANNELS)
        .where(CHANNELS.TEAM_ID.eq(teamId))
        .and(CHANNELS.DELETE_AT.eq(0L))
        .and(CHANNELS.TYPE.eq(Channel.OPEN).or(CHANNELS.ID.in(memberships(userId))))
        .and(matches(term, CHANNELS.NAME, CHANNELS.DISPLAY_NAME, CHANNELS.PURPOSE))
        .orderBy(CHANNELS.DISPLAY_NAME, CHANNELS.ID)
        .limit(limit)
        .fetch(ChannelRepository::toChannel);
  }

  /** The user's channels of the team and group messages, matching the term (the search box's {@code in:}). */
  public List<Channel> joinedInTeam(DSLContext dsl, String teamId, String userId, String term, int limit) {
    return dsl.selectFrom(CHANNELS)
        .where(CHANNELS.ID.in(memberships(userId)))
        .and(CHANNELS.TEAM_ID.eq(teamId).or(CHANNELS.TEAM_ID.eq("").and(CHANNELS.TYPE.eq(Channel.GROUP))))
        .and(CHANNELS.DELETE_AT.eq(0L))
        .and(matches(term, CHANNELS.NAME, CHANNELS.DISPLAY_NAME, CHANNELS.PURPOSE))
        .orderBy(CHANNELS.DISPLAY_NAME, CHANNELS.ID)
        .limit(limit)
        .fetch(ChannelRepository::toChannel);
  }

  /**
   * The user's direct channels whose other member's username or nickname contains the term;
   * each comes back with that username as its display name, as Mattermost shows it.
   */
  public List<Channel> directForSearch(DSLContext dsl, String userId, String term, int limit) {
    var other = CHANNEL_MEMBERS.as("other");
    String like = likeAnywhere(term);
    Condition named = like.isEmpty() ? DSL.noCondition()
        : DSL.lower(USERS.USERNAME).like(DSL.inline(like), ESCAPE).or(DSL.lower(USERS.NICKNAME).like(DSL.inline(like), ESCAPE));
    return dsl.select(CHANNELS.asterisk(), USERS.USERNAME)
        .from(CHANNELS)
        .join(other).on(other.CHANNEL_ID.eq(CHANNELS.ID)).and(other.USER_ID.ne(userId))
        .join(USERS).on(USERS.ID.eq(other.USER_ID))
        .where(CHANNELS.ID.in(memberships(userId)))
        .and(CHANNELS.TYPE.eq(Channel.DIRECT))
        .and(CHANNELS.DELETE_AT.eq(0L))
        .and(named)
        .orderBy(USERS.USERNAME, CHANNELS.ID)
        .limit(limit)
        .fetch(row -> {
          Channel c = ChannelRepository.toChannel(row.into(CHANNELS));
          return new Channel(c.id(), c.createAt(), c.updateAt(), c.deleteAt(), c.teamId(), c.type(), row.get(USERS.USERNAME),
              c.name(), c.header(), c.purpose(), c.lastPostAt(), c.totalMsgCount(), c.extraUpdateAt(), c.creatorId(),
              c.schemeId(), c.props(), c.groupConstrained(), c.shared(), c.totalMsgCountRoot(), c.policyId(), c.lastRootPostAt());
        });
  }

  private static org.jooq.Select<org.jooq.Record1<String>> memberships(String userId) {
    return DSL.select(CHANNEL_MEMBERS.CHANNEL_ID).from(CHANNEL_MEMBERS).where(CHANNEL_MEMBERS.USER_ID.eq(userId));
  }

  /** The term anywhere in one of the fields, or each of its words starting a word of them; an empty term matches all. */
  static Condition matches(String term, Field<String> name, Field<String> displayName, Field<String> purpose) {
    String like = likeAnywhere(term);
    if (like.isEmpty()) {
      return DSL.noCondition();
    }
    Condition anywhere = DSL.or(DSL.lower(name).like(DSL.inline(like), ESCAPE), DSL.lower(displayName).like(DSL.inline(like), ESCAPE),
        DSL.lower(purpose).like(DSL.inline(like), ESCAPE));
    String prefixes = prefixQuery(term);
    if (prefixes.isEmpty()) {
      return anywhere;
    }
    return anywhere.or(DSL.condition("to_tsvector('simple', {0} || ' ' || {1} || ' ' || {2}) @@ to_tsquery('simple', {3})",
        name, displayName, purpose, DSL.val(prefixes)));
  }

  /** {@code %term%} with LIKE's wildcards escaped; empty for a blank term. */
  static String likeAnywhere(String term) {
    String trimmed = term == null ? "" : term.trim().toLowerCase(Locale.ROOT);
    if (trimmed.isEmpty()) {
      return "";
    }
    return "%" + trimmed.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }

  /**
   * A tsquery of each word as a prefix, all required: {@code dev:* & team:*}. Words are split at
   * anything but letters and digits, so nothing a user types can be tsquery syntax.
   */
  static String prefixQuery(String term) {
    return Arrays.stream((term == null ? "" : term).toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
        .filter(word -> !word.isEmpty())
        .map(word -> word + ":*")
        .collect(Collectors.joining(" & "));
  }
}
