package chorus.node.teams;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import chorus.node.http.ApiContext;
import chorus.node.http.ApiDirectives;
import chorus.protocol.api.AddTeamMemberRequest;
import chorus.protocol.api.CreateTeamRequest;
import chorus.protocol.api.PatchTeamRequest;
import chorus.protocol.api.StatusOk;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code /teams} and a user's teams. */
public final class TeamRoutes extends ApiDirectives {
  private final TeamService teams;
  private final TeamDepartures departures;

  public TeamRoutes(ApiContext context, TeamService teams, TeamDepartures departures) {
    super(context);
    this.teams = teams;
    this.departures = departures;
  }

  public Route routes() {
    return concat(
        pathPrefix("teams", () -> concat(
            pathEnd(() -> concat(
                post(() -> authenticated(caller -> jsonBody(CreateTeamRequest.class, body ->
                    respondCreated(teams.create(caller, body))))),
                get(() -> authenticated(caller -> paging((page, perPage) -> parameterOptional("include_total_count", count ->
                    "true".equals(count.orElse("false"))
                        ? respondOk(teams.listWithCount(caller, page, perPage))
                        : respondOk(teams.list(caller, page, perPage)))))))),
            path(segment("members").slash("invite"), () -> post(() -> authenticated(caller ->
                parameterOptional("invite_id", inviteId -> parameterOptional("token", token ->
                    respondCreated(teams.joinByInvite(caller, inviteId, token))))))),
            path(segment("invite").slash(segment()), inviteId -> get(() -> validId(inviteId, "invite_id", () ->
                respondOk(teams.inviteInfo(inviteId))))),
            pathPrefix(segment(), teamId -> validId(teamId, "team_id", () -> concat(
                pathEnd(() -> get(() -> authenticated(caller -> respondOk(teams.get(caller, teamId))))),
                path("patch", () -> put(() -> authenticated(caller -> jsonBody(PatchTeamRequest.class, body ->
                    respondOk(teams.patch(caller, teamId, body)))))),
                path("regenerate_invite_id", () -> post(() -> authenticated(caller ->
                    respondOk(teams.regenerateInviteId(caller, teamId))))),
                path("members", () -> post(() -> authenticated(caller -> jsonBody(AddTeamMemberRequest.class, body ->
                    respondCreated(teams.addMember(caller, teamId, body)))))),
                path(segment("members").slash(segment()), userId -> validUserId(userId, () -> delete(() -> authenticated(caller ->
                    respondOk(departures.remove(caller, teamId, caller.resolve(userId)).thenApply(done -> StatusOk.OK))))))))))),
        pathPrefix(segment("users").slash(segment()).slash("teams"), userId -> validUserId(userId, () -> concat(
            pathEnd(() -> get(() -> authenticated(caller -> respondOk(teams.teamsOf(caller, caller.resolve(userId)))))),
            path("members", () -> get(() -> authenticated(caller -> respondOk(teams.membershipsOf(caller, caller.resolve(userId)))))),
            // include_collapsed_threads asks for thread counts, which are 0: Chorus has no followed threads.
            path("unread", () -> get(() -> authenticated(caller -> respondOk(teams.unreadOf(caller, caller.resolve(userId))))))))));
  }
}
