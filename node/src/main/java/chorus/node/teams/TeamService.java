package chorus.node.teams;

import chorus.node.channels.NewChannels;
import chorus.node.events.ChannelEvents;
import chorus.node.events.EventPublisher;
import chorus.node.events.OrderedWrites;
import chorus.node.http.ApiException;
import chorus.node.http.Caller;
import chorus.persistence.channels.ChannelRepository;
import chorus.persistence.pool.PersistencePool;
import chorus.persistence.pool.ReadPreference;
import chorus.persistence.teams.TeamRepository;
import chorus.persistence.users.UserRepository;
import chorus.protocol.api.AddTeamMemberRequest;
import chorus.protocol.api.Channel;
import chorus.protocol.api.CreateTeamRequest;
import chorus.protocol.api.Roles;
import chorus.protocol.api.Team;
import chorus.protocol.api.TeamMember;
import chorus.protocol.cluster.ClusterEvent;
import chorus.protocol.ids.Ids;
import chorus.protocol.ws.EventType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.jooq.DSLContext;

/** Teams and team membership; a new member also joins the team's default channels. */
public final class TeamService {
  /** The channels every team has and every member joins, as in Mattermost. */
  static final List<String> DEFAULT_CHANNELS = List.of(NewChannels.DEFAULT_CHANNEL_NAME, "off-topic");

  private final PersistencePool pool;
  private final TeamRepository teams;
  private final ChannelRepository channels;
  private final UserRepository users;
  private final EventPublisher events;
  private final OrderedWrites ordered;
  private final ChannelEvents channelEvents;
  private final Ids ids;
  private final Clock clock;
  private final int maxUsersPerTeam;

  public TeamService(PersistencePool pool, TeamRepository teams, ChannelRepository channels, UserRepository users,
      EventPublisher events, OrderedWrites ordered, ChannelEvents channelEvents, Ids ids, Clock clock, int maxUsersPerTeam) {
    this.ordered = ordered;
    this.channelEvents = channelEvents;
    this.maxUsersPerTeam = maxUsersPerTeam;
    this.pool = pool;
    this.teams = teams;
    this.channels = channels;
    this.users = users;
    this.events = events;
    this.ids = ids;
    this.clock = clock;
  }

  public CompletionStage<Team> create(Caller caller, CreateTeamRequest request) {
    TeamRules.check(request);
    long now = clock.millis();
    boolean open = Team.OPEN.equals(request.type());
    Team team = new Team(ids.next(), now, now, 0, request.displayName().trim(), request.name(),
        request.description() == null ? "" : request.description(), "", request.type(), "", "", ids.next(), open,
        null, null, null, false);
    return pool.write(dsl -> {
      teams.insert(dsl, team);
      teams.insertMember(dsl, new TeamMember(team.id(), caller.userId(), Roles.TEAM_USER + " " + Roles.TEAM_ADMIN, 0, false, true, true, ""), now);
      channels.insert(dsl, NewChannels.channel(ids.next(), now, team.id(), Channel.OPEN, NewChannels.DEFAULT_CHANNEL_NAME, "Town Square", "", "", caller.userId()));
      channels.insert(dsl, NewChannels.channel(ids.next(), now, team.id(), Channel.OPEN, "off-topic", "Off-Topic", "", "", caller.userId()));
      // The channels are new: their creator is a member from their start, with nothing to announce.
      for (String name : DEFAULT_CHANNELS) {
        channels.findByName(dsl, team.id(), name)
            .ifPresent(channel -> channels.insertMember(dsl, NewChannels.member(channel.id(), caller.userId(), false, now)));
      }
      return team;
    }).exceptionally(failure -> {
      if (PersistencePool.isUniqueViolation(failure)) {
        throw ApiException.badRequest("store.sql_team.save_team.existing.app_error", "A team with that name already exists");
      }
      throw failure instanceof RuntimeException r ? r : new java.util.concurrent.CompletionException(failure);
    });
  }

  public CompletionStage<Team> get(Caller caller, String teamId) {
    return pool.read(ReadPreference.PRIMARY, dsl -> {
      Team team = teams.findById(dsl, teamId).orElseThrow(TeamService::teamNotFound);
      Optional<TeamMember> member = teams.findMember(dsl, teamId, caller.userId());
      if (member.isEmpty() && !team.allowOpenInvite() && !caller.isSystemAdmin()) {
        throw ApiException.forbidden();
      }
      boolean teamAdmin = member.map(m -> Roles.has(m.roles(), Roles.TEAM_ADMIN)).orElse(false);
      return teamAdmin || caller.isSystemAdmin() ? team : team.sanitized();
    });
  }

  /**
   * Joining yourself needs an open team; adding someone else needs membership of the team.
   * The new member also joins the default channels, and everyone concerned is told.
   */
  public CompletionStage<TeamMember> addMember(Caller caller, String teamId, AddTeamMemberRequest request) {
    if (request.teamId() != null && !request.teamId().isEmpty() && !request.teamId().equals(teamId)) {
      return CompletableFuture.failedFuture(ApiException.invalidParam("team_id"));
    }
    if (!Ids.isValid(request.userId())) {
      return CompletableFuture.failedFuture(ApiException.invalidParam("user_id"));
    }
    long now = clock.millis();
    return ordered.write(dsl -> {
      // Locked first: the MaxUsersPerTeam count below must not race another join.
      Team team = teams.lockById(dsl, teamId).filter(t -> t.deleteAt() == 0).orElseThrow(TeamService::teamNotFound);
      boolean callerIsMember = teams.findMember(dsl, teamId, caller.userId()).isPresent();
      boolean self = request.userId().equals(caller.userId());
      boolean allowed = caller.isSystemAdmin() || (self ? team.allowOpenInvite() : callerIsMember);
      if (!allowed) {
        throw ApiException.forbidden();
      }
      if (users.findById(dsl, request.userId()).filter(u -> u.deleteAt() == 0).isEmpty()) {
        throw ApiException.badRequest("app.team.join_user_to_team.user_not_found", "The user to add was not found.");
      }
      boolean rejoining = teams.findMember(dsl, teamId, request.userId()).isPresent();
      if (!rejoining && teams.countMembers(dsl, teamId) >= maxUsersPerTeam) {
        throw ApiException.badRequest("app.team.join_user_to_team.max_accounts.app_error",
            "This team has reached the maximum number of allowed accounts. Contact your System Administrator to set a higher limit.");
      }
      TeamMember member = new TeamMember(teamId, request.userId(), Roles.TEAM_USER, 0, false, true, false, "");
      teams.insertMember(dsl, member, now);
      List<ClusterEvent> joined = joinDefaultChannels(dsl, teamId, request.userId(), now);
      return new Added(teams.findMember(dsl, teamId, request.userId()).orElse(member), joined);
    }, Added::events).thenCompose(added -> events.toUser(request.userId(), EventType.ADDED_TO_TEAM,
        Map.of("team_id", teamId, "user_id", request.userId())).thenApply(done -> added.member()));
  }

  /** The member, and a user_added event for each default channel the user was not in yet. */
  private record Added(TeamMember member, List<ClusterEvent> events) {}

  private List<ClusterEvent> joinDefaultChannels(DSLContext dsl, String teamId, String userId, long now) {
    List<ClusterEvent> joined = new ArrayList<>();
    for (String name : DEFAULT_CHANNELS) {
      channels.findByName(dsl, teamId, name).ifPresent(channel -> {
        if (channels.insertMember(dsl, NewChannels.member(channel.id(), userId, false, now))) {
          joined.add(channelEvents.append(dsl, channel.id(), EventType.USER_ADDED, Map.of("user_id", userId, "team_id", teamId),
              userId));
        }
      });
    }
    return joined;
  }

  /**
   * The user's teams. A non-admin caller is the user (see {@link Caller#requireSelfOrAdmin}) and sees
   * the private fields only of the teams they administer, as {@link #get} shows them.
   */
  public CompletionStage<List<Team>> teamsOf(Caller caller, String userId) {
    caller.requireSelfOrAdmin(userId);
    return pool.read(caller.ownReads(), dsl -> {
      List<Team> found = teams.findForUser(dsl, userId);
      if (caller.isSystemAdmin()) {
        return found;
      }
      Set<String> administered = teams.membersOfUser(dsl, userId).stream()
          .filter(m -> Roles.has(m.roles(), Roles.TEAM_ADMIN))
          .map(TeamMember::teamId)
          .collect(Collectors.toSet());
      return found.stream().map(t -> administered.contains(t.id()) ? t : t.sanitized()).toList();
    });
  }

  public CompletionStage<List<TeamMember>> membershipsOf(Caller caller, String userId) {
    caller.requireSelfOrAdmin(userId);
    return pool.read(caller.ownReads(), dsl -> teams.membersOfUser(dsl, userId));
  }


  private static ApiException teamNotFound() {
    return ApiException.notFound("app.team.get.find.app_error", "Unable to find the existing team.");
  }
}
