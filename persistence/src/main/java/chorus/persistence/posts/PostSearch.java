package chorus.persistence.posts;

import java.util.List;

/**
 * One search request, as {@link PostRepository#search} runs it.
 *
 * @param userId only posts in channels this user is a member of
 * @param teamId channels of this team plus the user's direct and group channels; "" for all teams
 * @param terms the parsed search box text; its from:/in: names are resolved to ids by the search
 * @param fromUserIds authors given as ids (joined with the from: names); empty for anyone
 * @param inChannelIds channels given as ids (joined with the in: names); empty for any
 * @param orSearch match any of the words and phrases instead of all of them
 * @param timeZoneOffsetSeconds the user's UTC offset, which decides where before:/after:/on: days begin
 */
public record PostSearch(
    String userId,
    String teamId,
    SearchTerms terms,
    List<String> fromUserIds,
    List<String> inChannelIds,
    boolean orSearch,
    int timeZoneOffsetSeconds,
    int offset,
    int limit) {

  public PostSearch {
    teamId = teamId == null ? "" : teamId;
    fromUserIds = fromUserIds == null ? List.of() : List.copyOf(fromUserIds);
    inChannelIds = inChannelIds == null ? List.of() : List.copyOf(inChannelIds);
  }

  /** A search of the text alone, all words required, times in UTC. */
  public static PostSearch of(String userId, String teamId, String terms, int offset, int limit) {
    return new PostSearch(userId, teamId, SearchTerms.parse(terms), List.of(), List.of(), false, 0, offset, limit);
  }
}
