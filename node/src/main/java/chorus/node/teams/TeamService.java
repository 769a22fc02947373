package chorus.node.teams;

import chorus.node.channels.NewChannels;
import chorus.node.events.ChannelEvents;
import chorus.node.events.EventPublisher;
import chorus.node.events.OrderedWrites;
import chorus.node.http.ApiException;
import chorus.node.http.Caller;
import chorus.node.systemposts.SystemPosts;
import chorus.persistence.channels.ChannelRepository;
import chorus.persistence.pool.PersistencePool;
import chorus.persistence.pool.ReadPreference;
import chorus.persistence.teams.TeamRepository;
import chorus.persistence.users.UserRepository;
import chorus.protocol.api.AddTeamMemberRequest;
import chorus.protocol.api.Channel;
import chorus.protocol.api.CreateTeamRequest;
import chorus.protocol.api.PatchTeamRequest;
import chorus.protocol.api.Roles;
import chorus.protocol.api.Team;
import chorus.protocol.api.TeamInviteInfo;
import chorus.protocol.api.TeamMember;
import chorus.protocol.api.TeamUnread;
import chorus.protocol.api.TeamsWithCount;
import chorus.protocol.api.User;
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
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.UnaryOperator;
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
  private final IntSupplier maxUsersPerTeam;
  private final SystemPosts systemPosts;

  public TeamService(PersistencePool pool, TeamRepository teams, ChannelRepository channels, UserRepository users,
      EventPublisher events, OrderedWrites ordered, ChannelEvents channelEvents, Ids ids, Clock clock, IntSupplier maxUsersPerTeam,
      SystemPosts systemPosts) {
    this.systemPosts = systemPosts;
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
    Team team = new Team(ids.next(), now, now, 0, request.displayName().trim(), request.name(),
        request.description() == null ? "" : request.description(), "", request.type(), "",
        request.allowedDomains() == null ? "" : request.allowedDomains().trim(), ids.next(),
        Boolean.TRUE.equals(request.allowOpenInvite()), null, null, null, false);
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

  /**
   * {@code GET /teams}: a system admin lists every live team; anyone else the teams they may
   * join by themselves, without their private fields, as Mattermost's list_public_teams allows.
   */
  public CompletionStage<List<Team>> list(Caller caller, int page, int perPage) {
    boolean joinableOnly = !caller.isSystemAdmin();
    return pool.read(caller.ownReads(), dsl -> teams.page(dsl, joinableOnly, page * perPage, perPage).stream()
        .map(t -> joinableOnly ? t.sanitized() : t).toList());
  }

  /** As {@link #list}, with the count of every team it pages through. */
  public CompletionStage<TeamsWithCount> listWithCount(Caller caller, int page, int perPage) {
    return list(caller, page, perPage).thenCompose(found -> pool.read(caller.ownReads(),
        dsl -> new TeamsWithCount(found, teams.count(dsl, !caller.isSystemAdmin()))));
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
   * Joining yourself needs a team with {@code allow_open_invite} (or its invite id, see
   * {@link #joinByInvite}); adding someone else needs membership of the team. Either way the
   * user's e-mail must be in the team's allowed domains. The new member also joins the
   * default channels, and everyone concerned is told.
   */
  public CompletionStage<TeamMember> addMember(Caller caller, String teamId, AddTeamMemberRequest request) {
    if (request.teamId() != null && !request.teamId().isEmpty() && !request.teamId().equals(teamId)) {
      return CompletableFuture.failedFuture(ApiException.invalidParam("team_id"));
    }
    if (!Ids.isValid(request.userId())) {
      return CompletableFuture.failedFuture(ApiException.invalidParam("user_id"));
    }
    return join(request.userId(), dsl -> {
      // Locked first: the MaxUsersPerTeam count must not race another join.
      Team team = teams.lockById(dsl, teamId).filter(t -> t.deleteAt() == 0).orElseThrow(TeamService::teamNotFound);
      boolean callerIsMember = teams.findMember(dsl, teamId, caller.userId()).isPresent();
      boolean self = request.userId().equals(caller.userId());
      // A member adding themselves again changes nothing, so it is allowed even where joining is not.
      boolean allowed = caller.isSystemAdmin() || callerIsMember || (self && team.allowOpenInvite());
      if (!allowed) {
        throw ApiException.forbidden();
      }
      return team;
    });
  }

  /**
   * {@code POST /teams/members/invite?invite_id=}: the team's invite link lets its holder join
   * whether or not the team is open; the allowed domains still apply. E-mail invitation tokens
   * need e-mail, which Chorus does not send, so no token is ever valid.
   */
  public CompletionStage<TeamMember> joinByInvite(Caller caller, Optional<String> inviteId, Optional<String> token) {
    if (token.isPresent() && inviteId.isEmpty()) {
      return CompletableFuture.failedFuture(ApiException.badRequest("api.user.create_user.signup_link_invalid.app_error",
          "The signup link does not appear to be valid."));
    }
    if (inviteId.isEmpty() || inviteId.get().isEmpty()) {
      return CompletableFuture.failedFuture(ApiException.invalidParam("invite_id"));
    }
    return join(caller.userId(), dsl -> {
      String teamId = teams.findByInviteId(dsl, inviteId.get()).orElseThrow(TeamService::inviteNotFound).id();
      return teams.lockById(dsl, teamId).filter(t -> t.deleteAt() == 0).orElseThrow(TeamService::inviteNotFound);
    });
  }

  /** The team an invite link names, as the sign-up page shows it to someone not in it yet. */
  public CompletionStage<TeamInviteInfo> inviteInfo(String inviteId) {
    return pool.read(ReadPreference.PRIMARY, dsl -> teams.findByInviteId(dsl, inviteId)
        .map(t -> new TeamInviteInfo(t.id(), t.name(), t.displayName(), t.description()))
        .orElseThrow(TeamService::inviteNotFound));
  }

  /**
   * Adds {@code userId} to the team that {@code lockTeam} finds, locks and checks the caller's
   * right to join. The lock is held across the member count, so MaxUsersPerTeam holds under
   * concurrent joins.
   */
  private CompletionStage<TeamMember> join(String userId, Function<DSLContext, Team> lockTeam) {
    long now = clock.millis();
    return ordered.write(dsl -> {
      Team team = lockTeam.apply(dsl);
      String teamId = team.id();
      User user = users.findById(dsl, userId).filter(u -> u.deleteAt() == 0).orElseThrow(() ->
          ApiException.badRequest("app.team.join_user_to_team.user_not_found", "The user to add was not found."));
      if (!TeamRules.emailAllowed(team.allowedDomains(), user.email())) {
        throw ApiException.badRequest("api.team.join_user_to_team.allowed_domains.app_error",
            "The user cannot be added as the domain associated with the account is not permitted. Contact your System Administrator for additional details.");
      }
      boolean rejoining = teams.findMember(dsl, teamId, userId).isPresent();
      if (!rejoining && teams.countMembers(dsl, teamId) >= maxUsersPerTeam.getAsInt()) {
        throw ApiException.badRequest("app.team.join_user_to_team.max_accounts.app_error",
            "This team has reached the maximum number of allowed accounts. Contact your System Administrator to set a higher limit.");
      }
      TeamMember member = new TeamMember(teamId, userId, Roles.TEAM_USER, 0, false, true, false, "");
      teams.insertMember(dsl, member, now);
      List<ClusterEvent> joined = joinDefaultChannels(dsl, teamId, userId, now);
      return new Added(teams.findMember(dsl, teamId, userId).orElse(member), joined);
    }, Added::events).thenCompose(added -> events.toUser(userId, EventType.ADDED_TO_TEAM,
        Map.of("team_id", added.member().teamId(), "user_id", userId)).thenApply(done -> added.member()));
  }

  /** {@code PUT /teams/{id}/patch}: team admins and system admins change names and access rules. */
  public CompletionStage<Team> patch(Caller caller, String teamId, PatchTeamRequest patch) {
    TeamRules.check(patch);
    return updateAsTeamAdmin(caller, teamId, team -> new Team(team.id(), team.createAt(), clock.millis(), team.deleteAt(),
        patch.displayName() == null ? team.displayName() : patch.displayName().trim(), team.name(),
        patch.description() == null ? team.description() : patch.description(), team.email(), team.type(),
        patch.companyName() == null ? team.companyName() : patch.companyName(),
        patch.allowedDomains() == null ? team.allowedDomains() : patch.allowedDomains().trim(), team.inviteId(),
        patch.allowOpenInvite() == null ? team.allowOpenInvite() : patch.allowOpenInvite(),
        team.schemeId(), team.groupConstrained(), team.policyId(), team.cloudLimitsArchived()));
  }

  /** A new invite id: every link handed out with the old one stops working at once. */
  public CompletionStage<Team> regenerateInviteId(Caller caller, String teamId) {
    return updateAsTeamAdmin(caller, teamId, team -> new Team(team.id(), team.createAt(), clock.millis(), team.deleteAt(),
        team.displayName(), team.name(), team.description(), team.email(), team.type(), team.companyName(),
        team.allowedDomains(), ids.next(), team.allowOpenInvite(), team.schemeId(), team.groupConstrained(), team.policyId(),
        team.cloudLimitsArchived()));
  }

  private CompletionStage<Team> updateAsTeamAdmin(Caller caller, String teamId, UnaryOperator<Team> change) {
    return pool.write(dsl -> {
      Team team = teams.lockById(dsl, teamId).filter(t -> t.deleteAt() == 0).orElseThrow(TeamService::teamNotFound);
      boolean teamAdmin = teams.findMember(dsl, teamId, caller.userId()).map(m -> Roles.has(m.roles(), Roles.TEAM_ADMIN)).orElse(false);
      if (!teamAdmin && !caller.isSystemAdmin()) {
        throw ApiException.forbidden();
      }
      Team changed = change.apply(team);
      teams.update(dsl, changed);
      return changed;
    });
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
          if (NewChannels.DEFAULT_CHANNEL_NAME.equals(channel.name())) {
            systemPosts.joinedTeam(dsl, channel.id(), userId).ifPresent(joined::add);
          }
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

  /** Every team of the user with its unread counts (zeros for a team where the user is in no channel). */
  public CompletionStage<List<TeamUnread>> unreadOf(Caller caller, String userId) {
    caller.requireSelfOrAdmin(userId);
    return pool.read(caller.ownReads(), dsl -> {
      Map<String, TeamUnread> byTeam = channels.unreadByTeam(dsl, userId).stream()
          .collect(Collectors.toMap(TeamUnread::teamId, u -> u));
      return teams.findForUser(dsl, userId).stream()
          .map(team -> byTeam.getOrDefault(team.id(), new TeamUnread(team.id(), 0, 0, 0, 0, 0, 0, 0, 0)))
          .toList();
    });
  }

  public CompletionStage<List<TeamMember>> membershipsOf(Caller caller, String userId) {
    caller.requireSelfOrAdmin(userId);
    return pool.read(caller.ownReads(), dsl -> teams.membersOfUser(dsl, userId));
  }


  private static ApiException inviteNotFound() {
    return ApiException.notFound("app.team.get_by_invite_id.finding.app_error", "Unable to find the existing team.");
  }

  private static ApiException teamNotFound() {
    return ApiException.notFound("app.team.get.find.app_error", "Unable to find the existing team.");
  }
}
