package chorus.persistence.posts;

import static chorus.persistence.jooq.Tables.CHANNELS;
import static chorus.persistence.jooq.Tables.CHANNEL_MEMBERS;
import static chorus.persistence.jooq.Tables.POSTS;

import chorus.protocol.api.Post;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record1;
import org.jooq.Select;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Builds and runs the search query against the generated {@code message_tsv} column (text
 * search configuration 'simple': no stemming, no stop words). Words become
 * {@code plainto_tsquery}, phrases {@code phraseto_tsquery}, and a prefix {@code to_tsquery}
 * with {@code :*} over its letters and digits only; each user-supplied string is a bind
 * value and none is spliced into tsquery syntax unfiltered, so no input can break the query.
 * Words and phrases are AND-ed (OR-ed for an OR search); excluded ones are always AND NOT.
 *
 * <p>Only live, non-system posts in channels the user is a member of are searched. Dates are
 * whole days in the user's offset: before: ends where that day starts, after: starts where
 * the next day starts, on: is that day.
 */
final class PostSearchQuery {
  private PostSearchQuery() {}

  static List<Post> run(DSLContext dsl, PostSearch search, SearchScope scope) {
    SearchTerms terms = search.terms();
    List<Condition> where = new ArrayList<>();
    where.add(POSTS.DELETE_AT.eq(0L));
    where.add(POSTS.TYPE.notLike("system!_%", '!'));
    where.add(POSTS.CHANNEL_ID.in(memberChannels(search)));
    if (!scope.fromUserIds().isEmpty()) {
      where.add(POSTS.USER_ID.in(scope.fromUserIds()));
    }
    if (!scope.excludedFromUserIds().isEmpty()) {
      where.add(POSTS.USER_ID.notIn(scope.excludedFromUserIds()));
    }
    if (!scope.inChannelIds().isEmpty()) {
      where.add(POSTS.CHANNEL_ID.in(scope.inChannelIds()));
    }
    if (!scope.excludedInChannelIds().isEmpty()) {
      where.add(POSTS.CHANNEL_ID.notIn(scope.excludedInChannelIds()));
    }
    where.addAll(dateConditions(terms, zone(search.timeZoneOffsetSeconds())));
    textCondition(terms, search.orSearch()).ifPresent(where::add);

    return PostRepository.selectPosts(dsl)
        .where(where)
        .orderBy(POSTS.CREATE_AT.desc(), POSTS.ID.desc())
        .offset(search.offset())
        .limit(search.limit())
        .fetch(PostRepository::toPost);
  }

  private static Select<Record1<String>> memberChannels(PostSearch search) {
    Condition team = search.teamId().isEmpty()
        ? DSL.noCondition()
        : CHANNELS.TEAM_ID.eq(search.teamId()).or(CHANNELS.TEAM_ID.eq(""));
    return DSL.select(CHANNEL_MEMBERS.CHANNEL_ID)
        .from(CHANNEL_MEMBERS)
        .join(CHANNELS).on(CHANNELS.ID.eq(CHANNEL_MEMBERS.CHANNEL_ID))
        .where(CHANNEL_MEMBERS.USER_ID.eq(search.userId()))
        .and(team);
  }

  static List<Condition> dateConditions(SearchTerms terms, ZoneOffset zone) {
    List<Condition> conditions = new ArrayList<>();
    if (terms.before() != null) {
      conditions.add(POSTS.CREATE_AT.lt(startOf(terms.before(), zone)));
    }
    if (terms.after() != null) {
      conditions.add(POSTS.CREATE_AT.ge(startOf(terms.after().plusDays(1), zone)));
    }
    if (terms.on() != null) {
      conditions.add(POSTS.CREATE_AT.ge(startOf(terms.on(), zone)));
      conditions.add(POSTS.CREATE_AT.lt(startOf(terms.on().plusDays(1), zone)));
    }
    return conditions;
  }

  static Optional<Condition> textCondition(SearchTerms terms, boolean orSearch) {
    List<Field<Object>> wanted = new ArrayList<>();
    terms.words().forEach(word -> wanted.add(tsquery("plainto_tsquery", word)));
    terms.phrases().forEach(phrase -> wanted.add(tsquery("phraseto_tsquery", phrase)));
    terms.prefixes().forEach(prefix -> prefixQuery(prefix).ifPresent(wanted::add));
    List<Field<Object>> unwanted = new ArrayList<>();
    terms.excludedWords().forEach(word -> unwanted.add(tsquery("plainto_tsquery", word)));
    terms.excludedPhrases().forEach(phrase -> unwanted.add(tsquery("phraseto_tsquery", phrase)));
    terms.excludedPrefixes().forEach(prefix -> prefixQuery(prefix).ifPresent(unwanted::add));

    Field<Object> query = null;
    for (Field<Object> part : wanted) {
      query = query == null ? part : operator(query, orSearch ? "||" : "&&", part);
    }
    for (Field<Object> part : unwanted) {
      Field<Object> not = DSL.field("(!! {0})", SQLDataType.OTHER, part);
      query = query == null ? not : operator(query, "&&", not);
    }
    return query == null ? Optional.empty() : Optional.of(DSL.condition("{0} @@ {1}", POSTS.MESSAGE_TSV, query));
  }

  /** {@code a & b:*} from the prefix's runs of letters and digits; empty if it has none. */
  static Optional<String> prefixText(String prefix) {
    List<String> parts = Arrays.stream(prefix.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
        .filter(part -> !part.isEmpty())
        .toList();
    if (parts.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(parts.stream().collect(Collectors.joining(" & ")) + ":*");
  }

  private static Optional<Field<Object>> prefixQuery(String prefix) {
    return prefixText(prefix).map(text -> tsquery("to_tsquery", text));
  }

  private static Field<Object> tsquery(String function, String text) {
    return DSL.field(function + "('simple', {0})", SQLDataType.OTHER, DSL.val(text));
  }

  private static Field<Object> operator(Field<Object> left, String operator, Field<Object> right) {
    return DSL.field("({0} " + operator + " {1})", SQLDataType.OTHER, left, right);
  }

  private static ZoneOffset zone(int offsetSeconds) {
    int limit = 18 * 3600;
    return ZoneOffset.ofTotalSeconds(Math.max(-limit, Math.min(limit, offsetSeconds)));
  }

  private static long startOf(LocalDate day, ZoneOffset zone) {
    return day.atStartOfDay(zone).toInstant().toEpochMilli();
  }
}
