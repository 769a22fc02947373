package chorus.node.users;

import chorus.node.http.ApiException;
import chorus.node.http.Caller;
import chorus.persistence.channels.ChannelAccessRow;
import chorus.persistence.channels.ChannelRepository;
import chorus.persistence.pool.PersistencePool;
import chorus.persistence.pool.ReadPreference;
import chorus.persistence.teams.TeamRepository;
import chorus.persistence.users.UserMatch;
import chorus.persistence.users.UserSearchRepository;
import chorus.protocol.api.Channel;
import chorus.protocol.api.User;
import chorus.protocol.api.UserAutocomplete;
import chorus.protocol.api.UserSearchRequest;
import chorus.protocol.config.PrivacySettings;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.jooq.DSLContext;

/**
 * {@code POST /users/search} and {@code GET /users/autocomplete}, with Mattermost's rules: a
 * channel filter needs read access to the channel, a team filter needs membership of the team
 * (403 otherwise); names are searched only where the caller may see them (PrivacySettings,
 * system admins see all), e-mails only by search, never by autocomplete. Every user Chorus
 * lets a signed-in user list may be found, as in Mattermost with its default roles.
 */
public final class UserSearch {
  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1000;

  private final PersistencePool pool;
  private final UserSearchRepository search;
  private final ChannelRepository channels;
  private final TeamRepository teams;
  private final Supplier<PrivacySettings> privacy;

  public UserSearch(PersistencePool pool, UserSearchRepository search, ChannelRepository channels, TeamRepository teams,
      Supplier<PrivacySettings> privacy) {
    this.pool = pool;
    this.search = search;
    this.channels = channels;
    this.teams = teams;
    this.privacy = privacy;
  }

  public CompletionStage<List<User>> search(Caller caller, UserSearchRequest request) {
    int limit = request.limit() == null || request.limit() == 0 ? DEFAULT_LIMIT : request.limit();
    String term = orEmpty(request.term());
    String teamId = orEmpty(request.teamId());
    String notInTeamId = orEmpty(request.notInTeamId());
    String inChannelId = orEmpty(request.inChannelId());
    String notInChannelId = orEmpty(request.notInChannelId());
    if (term.isEmpty()) {
      return CompletableFuture.failedFuture(invalidParam("term"));
    }
    if (teamId.isEmpty() && !notInChannelId.isEmpty()) {
      return CompletableFuture.failedFuture(invalidParam("team_id"));
    }
    PrivacySettings settings = privacy.get();
    UserMatch match = new UserMatch(words(term), caller.isSystemAdmin() || settings.showFullName(),
        caller.isSystemAdmin() || settings.showEmailAddress(), Boolean.TRUE.equals(request.allowInactive()));
    return pool.read(ReadPreference.PRIMARY, dsl -> {
      requireChannelReadable(dsl, caller, inChannelId);
      requireChannelReadable(dsl, caller, notInChannelId);
      requireTeamMember(dsl, caller, teamId);
      requireTeamMember(dsl, caller, notInTeamId);
      if (limit <= 0 || limit > MAX_LIMIT) {
        throw invalidParam("limit");
      }
      return null;
    }).thenCompose(allowed -> pool.read(caller.ownReads(), dsl -> {
      if (Boolean.TRUE.equals(request.withoutTeam())) {
        return search.withoutTeam(dsl, match, limit);
      }
      if (!inChannelId.isEmpty()) {
        return search.inChannel(dsl, inChannelId, match, limit);
      }
      if (!notInChannelId.isEmpty()) {
        return search.notInChannel(dsl, teamId, notInChannelId, match, limit);
      }
      if (!notInTeamId.isEmpty()) {
        return search.notInTeam(dsl, notInTeamId, match, limit);
      }
      return search.inTeam(dsl, teamId, match, limit);
    })).thenApply(found -> visibleTo(caller, found));
  }

  /**
   * @param limit absent: 100; above 1000: 1000
   */
  public CompletionStage<UserAutocomplete> autocomplete(Caller caller, String inTeam, String inChannel, String name, Optional<Integer> limit) {
    int max = Math.min(limit.orElse(DEFAULT_LIMIT), MAX_LIMIT);
    if (max < 0) {
      return CompletableFuture.failedFuture(ApiException.invalidUrlParam("limit"));
    }
    UserMatch match = new UserMatch(words(name), caller.isSystemAdmin() || privacy.get().showFullName(), false, false);
    return pool.read(ReadPreference.PRIMARY, dsl -> {
      requireChannelReadable(dsl, caller, inChannel);
      requireTeamMember(dsl, caller, inTeam);
      if (!inChannel.isEmpty() && inTeam.isEmpty()) {
        // Mattermost answers this with a 500; it is the caller's mistake, so a 400 here.
        throw ApiException.badRequest("api.user.autocomplete_users.missing_team_id.app_error",
            "Team id parameter is required to autocomplete by channel.");
      }
      return null;
    }).thenCompose(allowed -> pool.read(caller.ownReads(), dsl -> {
      if (!inChannel.isEmpty()) {
        return new UserAutocomplete(visibleTo(caller, search.inChannel(dsl, inChannel, match, max)),
            visibleTo(caller, search.notInChannel(dsl, inTeam, inChannel, match, max)));
      }
      return new UserAutocomplete(visibleTo(caller, search.inTeam(dsl, inTeam, match, max)), List.of());
    }));
  }

  /** The term's words, each without its leading {@code @}s (an @-mention as typed finds the user). */
  static List<String> words(String term) {
    return Arrays.stream(term.trim().split("\\s+"))
        .map(word -> word.replaceFirst("^@+", ""))
        .filter(word -> !word.isEmpty())
        .toList();
  }

  /** Mattermost's read_channel: a member, a team member for a public channel, or a system admin. Unknown channels are refused alike. */
  private void requireChannelReadable(DSLContext dsl, Caller caller, String channelId) {
    if (channelId.isEmpty() || caller.isSystemAdmin()) {
      return;
    }
    Optional<ChannelAccessRow> row = channels.findWithAccess(dsl, channelId, caller.userId());
    boolean readable = row.map(r -> r.member() || (Channel.OPEN.equals(r.channel().type()) && r.teamMember())).orElse(false);
    if (!readable) {
      throw ApiException.forbidden();
    }
  }

  /** Mattermost's view_team: members of the team and system admins. */
  private void requireTeamMember(DSLContext dsl, Caller caller, String teamId) {
    if (teamId.isEmpty() || caller.isSystemAdmin()) {
      return;
    }
    if (teams.findMember(dsl, teamId, caller.userId()).isEmpty()) {
      throw ApiException.forbidden();
    }
  }

  /** As every other user route: the caller and admins see all, others what PrivacySettings show. */
  private List<User> visibleTo(Caller caller, List<User> found) {
    PrivacySettings settings = privacy.get();
    return found.stream()
        .map(user -> caller.userId().equals(user.id()) || caller.isSystemAdmin()
            ? user : user.sanitizedForOthers(settings.showEmailAddress(), settings.showFullName()))
        .toList();
  }

  private static ApiException invalidParam(String name) {
    return new ApiException(400, "api.context.invalid_body_param.app_error", "Invalid or missing " + name + " in request body.");
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}
