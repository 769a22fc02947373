package chorus.node.channels;

import chorus.node.http.ApiException;
import chorus.node.http.Caller;
import chorus.persistence.channels.ChannelSearchRepository;
import chorus.persistence.pool.PersistencePool;
import chorus.persistence.pool.ReadPreference;
import chorus.persistence.teams.TeamRepository;
import chorus.protocol.api.Channel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;

/**
 * Channel search and autocomplete in a team, for members of the team and system admins, as
 * Mattermost's list_team_channels permission allows them. Archived channels are never found:
 * Chorus has no ExperimentalViewArchivedChannels, and Mattermost's three routes have no
 * {@code include_deleted}.
 */
public final class ChannelSearch {
  /** Mattermost's {@code SearchInTeam} limit. */
  static final int SEARCH_LIMIT = 100;
  /** Mattermost's {@code ChannelSearchDefaultLimit}, for both autocompletes. */
  static final int AUTOCOMPLETE_LIMIT = 50;

  private final PersistencePool pool;
  private final ChannelSearchRepository search;
  private final TeamRepository teams;

  public ChannelSearch(PersistencePool pool, ChannelSearchRepository search, TeamRepository teams) {
    this.pool = pool;
    this.search = search;
    this.teams = teams;
  }

  /** {@code POST /teams/{id}/channels/search}: the team's public channels; someone outside the team gets Mattermost's 404. */
  public CompletionStage<List<Channel>> search(Caller caller, String teamId, String term) {
    return afterCheck(caller, teamId, true).thenCompose(allowed -> pool.read(caller.ownReads(), dsl ->
        search.publicInTeam(dsl, teamId, term, SEARCH_LIMIT)));
  }

  /** {@code GET /teams/{id}/channels/autocomplete}: public channels and the caller's private ones. */
  public CompletionStage<List<Channel>> autocomplete(Caller caller, String teamId, String name) {
    return afterCheck(caller, teamId, false).thenCompose(allowed -> pool.read(caller.ownReads(), dsl ->
        search.visibleInTeam(dsl, teamId, caller.userId(), name, AUTOCOMPLETE_LIMIT)));
  }

  /**
   * {@code GET /teams/{id}/channels/search_autocomplete} (the search box's {@code in:}): the caller's
   * own channels of the team, group messages and direct messages (named after the other user),
   * sorted by display name regardless of case.
   */
  public CompletionStage<List<Channel>> searchAutocomplete(Caller caller, String teamId, String name) {
    return afterCheck(caller, teamId, false).thenCompose(allowed -> pool.read(caller.ownReads(), dsl -> {
      List<Channel> found = new ArrayList<>(search.joinedInTeam(dsl, teamId, caller.userId(), name, AUTOCOMPLETE_LIMIT));
      found.addAll(search.directForSearch(dsl, caller.userId(), name, AUTOCOMPLETE_LIMIT));
      found.sort(Comparator.comparing((Channel c) -> c.displayName().toLowerCase(Locale.ROOT)));
      return found;
    }));
  }

  /**
   * Membership read on the primary, as every authorization decision. Mattermost answers a
   * non-member's search with the team-member lookup's 404, its autocompletes with a 403.
   */
  private CompletionStage<Void> afterCheck(Caller caller, String teamId, boolean notFoundWhenOutside) {
    return pool.read(ReadPreference.PRIMARY, dsl -> {
      if (!caller.isSystemAdmin() && teams.findMember(dsl, teamId, caller.userId()).isEmpty()) {
        throw notFoundWhenOutside
            ? ApiException.notFound("app.team.get_member.missing.app_error", "No team member found for that user ID and team ID.")
            : ApiException.forbidden();
      }
      return null;
    });
  }
}
