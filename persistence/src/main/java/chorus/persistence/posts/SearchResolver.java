package chorus.persistence.posts;

import static chorus.persistence.jooq.Tables.CHANNELS;
import static chorus.persistence.jooq.Tables.USERS;

import chorus.protocol.api.Channel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Turns the names in a search into ids: {@code from:} usernames via {@code users.username};
 * {@code in:} channel names via {@code channels.name} within the search's team (any team when
 * the team is "") or among direct/group channels; {@code in:@username} to the searcher's
 * direct channel with that user. Names that match nothing are dropped; if every name of an
 * inclusion (from:, in:) is unknown, the search can match nothing and resolves to empty.
 */
final class SearchResolver {
  private SearchResolver() {}

  static Optional<SearchScope> resolve(DSLContext dsl, PostSearch search) {
    SearchTerms terms = search.terms();

    Set<String> from = new HashSet<>(search.fromUserIds());
    from.addAll(userIds(dsl, terms.fromUsers()));
    if (from.isEmpty() && !(terms.fromUsers().isEmpty() && search.fromUserIds().isEmpty())) {
      return Optional.empty();
    }

    Set<String> in = new HashSet<>(search.inChannelIds());
    in.addAll(channelIds(dsl, search, terms.inChannels()));
    if (in.isEmpty() && !(terms.inChannels().isEmpty() && search.inChannelIds().isEmpty())) {
      return Optional.empty();
    }

    return Optional.of(new SearchScope(from, userIds(dsl, terms.excludedFromUsers()),
        in, channelIds(dsl, search, terms.excludedInChannels())));
  }

  private static Set<String> userIds(DSLContext dsl, Collection<String> usernames) {
    if (usernames.isEmpty()) {
      return Set.of();
    }
    List<String> lower = usernames.stream().map(name -> name.toLowerCase(Locale.ROOT)).toList();
    return new HashSet<>(dsl.select(USERS.ID).from(USERS).where(USERS.USERNAME.in(lower)).fetch(USERS.ID));
  }

  private static Set<String> channelIds(DSLContext dsl, PostSearch search, Collection<String> names) {
    if (names.isEmpty()) {
      return Set.of();
    }
    List<String> channelNames = new ArrayList<>();
    List<String> directPartners = new ArrayList<>();
    for (String name : names) {
      if (name.startsWith("@") && name.length() > 1) {
        directPartners.add(name.substring(1));
      } else {
        channelNames.add(name);
      }
    }
    List<String> directNames = userIds(dsl, directPartners).stream()
        .map(partner -> Channel.directName(search.userId(), partner))
        .toList();
    Condition team = search.teamId().isEmpty()
        ? DSL.noCondition()
        : CHANNELS.TEAM_ID.eq(search.teamId()).or(CHANNELS.TEAM_ID.eq(""));
    Condition byName = channelNames.isEmpty() ? DSL.falseCondition() : CHANNELS.NAME.in(channelNames).and(team);
    Condition byDirect = directNames.isEmpty() ? DSL.falseCondition()
        : CHANNELS.NAME.in(directNames).and(CHANNELS.TEAM_ID.eq(""));
    return new HashSet<>(dsl.select(CHANNELS.ID).from(CHANNELS).where(byName.or(byDirect)).fetch(CHANNELS.ID));
  }
}
