package chorus.persistence.users;

import static chorus.persistence.jooq.Tables.CHANNEL_MEMBERS;
import static chorus.persistence.jooq.Tables.TEAM_MEMBERS;
import static chorus.persistence.jooq.Tables.USERS;

import chorus.protocol.api.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * User search and autocomplete ({@code POST /users/search}, {@code GET /users/autocomplete}):
 * one scope per query, as Mattermost's store has one search per scope, results ordered by
 * username. Each word is a prefix match on {@code lower(column)}; the prefix is inlined rather
 * than bound, so the planner can use the {@code text_pattern_ops} indexes of V9 whatever plan
 * it caches.
 */
public final class UserSearchRepository {
  private static final char ESCAPE = '\\';

  /** Users of the team; an empty {@code teamId} searches every user. */
  public List<User> inTeam(DSLContext dsl, String teamId, UserMatch match, int limit) {
    return search(dsl, teamId.isEmpty() ? DSL.noCondition() : USERS.ID.in(activeTeamMembers(teamId)), match, limit);
  }

  /** Users in no team at all (left teams do not count). */
  public List<User> withoutTeam(DSLContext dsl, UserMatch match, int limit) {
    return search(dsl, DSL.notExists(DSL.selectOne().from(TEAM_MEMBERS)
        .where(TEAM_MEMBERS.USER_ID.eq(USERS.ID)).and(TEAM_MEMBERS.DELETE_AT.eq(0L))), match, limit);
  }

  public List<User> notInTeam(DSLContext dsl, String teamId, UserMatch match, int limit) {
    return search(dsl, USERS.ID.notIn(activeTeamMembers(teamId)), match, limit);
  }

  public List<User> inChannel(DSLContext dsl, String channelId, UserMatch match, int limit) {
    return search(dsl, USERS.ID.in(DSL.select(CHANNEL_MEMBERS.USER_ID).from(CHANNEL_MEMBERS)
        .where(CHANNEL_MEMBERS.CHANNEL_ID.eq(channelId))), match, limit);
  }

  /** Users not in the channel; with a {@code teamId}, only members of that team. */
  public List<User> notInChannel(DSLContext dsl, String teamId, String channelId, UserMatch match, int limit) {
    Condition outside = USERS.ID.notIn(DSL.select(CHANNEL_MEMBERS.USER_ID).from(CHANNEL_MEMBERS)
        .where(CHANNEL_MEMBERS.CHANNEL_ID.eq(channelId)));
    return search(dsl, teamId.isEmpty() ? outside : outside.and(USERS.ID.in(activeTeamMembers(teamId))), match, limit);
  }

  private static org.jooq.Select<org.jooq.Record1<String>> activeTeamMembers(String teamId) {
    return DSL.select(TEAM_MEMBERS.USER_ID).from(TEAM_MEMBERS)
        .where(TEAM_MEMBERS.TEAM_ID.eq(teamId)).and(TEAM_MEMBERS.DELETE_AT.eq(0L));
  }

  private static List<User> search(DSLContext dsl, Condition scope, UserMatch match, int limit) {
    Condition where = scope.and(match.allowInactive() ? DSL.noCondition() : USERS.DELETE_AT.eq(0L));
    for (String word : match.words()) {
      where = where.and(wordMatches(word, match));
    }
    return dsl.selectFrom(USERS).where(where).orderBy(USERS.USERNAME).limit(limit).fetch(UserRepository::toUser);
  }

  static Condition wordMatches(String word, UserMatch match) {
    var prefix = DSL.inline(escapeLike(word.toLowerCase(Locale.ROOT)) + "%");
    List<Condition> any = new ArrayList<>();
    any.add(DSL.lower(USERS.USERNAME).like(prefix, ESCAPE));
    any.add(DSL.lower(USERS.NICKNAME).like(prefix, ESCAPE));
    if (match.fullNames()) {
      any.add(DSL.lower(USERS.FIRST_NAME).like(prefix, ESCAPE));
      any.add(DSL.lower(USERS.LAST_NAME).like(prefix, ESCAPE));
    }
    if (match.emails()) {
      // Stored lower-cased already.
      any.add(USERS.EMAIL.like(prefix, ESCAPE));
    }
    return DSL.or(any);
  }

  /** A user's {@code %} or {@code _} is a character to find, not a wildcard. */
  static String escapeLike(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
