package chorus.persistence.teams;

import static chorus.persistence.jooq.Tables.TEAMS;
import static chorus.persistence.jooq.Tables.TEAM_MEMBERS;
import static java.util.Objects.requireNonNullElse;

import chorus.persistence.jooq.tables.records.TeamMembersRecord;
import chorus.persistence.jooq.tables.records.TeamsRecord;
import chorus.protocol.api.Team;
import chorus.protocol.api.TeamMember;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.DSLContext;

/**
 * Queries on {@code teams} and {@code team_members}. A member who leaves keeps a row with
 * {@code delete_at} set (Mattermost's soft delete), so "member" below always means a row
 * with {@code delete_at = 0}. The {@code roles} column holds the member's roles string as the
 * API shows it; scheme ids, policies and explicit roles are not modelled yet and read as
 * Mattermost's defaults (null / "").
 */
public final class TeamRepository {

  public void insert(DSLContext dsl, Team team) {
    dsl.insertInto(TEAMS)
        .set(TEAMS.ID, team.id())
        .set(TEAMS.CREATE_AT, team.createAt())
        .set(TEAMS.UPDATE_AT, team.updateAt())
        .set(TEAMS.DELETE_AT, team.deleteAt())
        .set(TEAMS.DISPLAY_NAME, team.displayName())
        .set(TEAMS.NAME, team.name())
        .set(TEAMS.DESCRIPTION, requireNonNullElse(team.description(), ""))
        .set(TEAMS.EMAIL, requireNonNullElse(team.email(), ""))
        .set(TEAMS.TYPE, team.type())
        .set(TEAMS.COMPANY_NAME, requireNonNullElse(team.companyName(), ""))
        .set(TEAMS.ALLOWED_DOMAINS, requireNonNullElse(team.allowedDomains(), ""))
        .set(TEAMS.INVITE_ID, requireNonNullElse(team.inviteId(), ""))
        .set(TEAMS.ALLOW_OPEN_INVITE, team.allowOpenInvite())
        .execute();
  }

  public Optional<Team> findById(DSLContext dsl, String id) {
    return dsl.selectFrom(TEAMS).where(TEAMS.ID.eq(id)).fetchOptional().map(TeamRepository::toTeam);
  }

  /**
   * The team, its row locked until the transaction ends. A limit check (members or channels
   * per team) holds it between counting and inserting, so two concurrent joins or channel
   * creations cannot both see room for one more.
   */
  public Optional<Team> lockById(DSLContext dsl, String id) {
    return dsl.selectFrom(TEAMS).where(TEAMS.ID.eq(id)).forUpdate().fetchOptional().map(TeamRepository::toTeam);
  }

  public Optional<Team> findByName(DSLContext dsl, String name) {
    return dsl.selectFrom(TEAMS).where(TEAMS.NAME.eq(name)).fetchOptional().map(TeamRepository::toTeam);
  }

  /** The live team whose invite link carries {@code inviteId}. */
  public Optional<Team> findByInviteId(DSLContext dsl, String inviteId) {
    return dsl.selectFrom(TEAMS).where(TEAMS.INVITE_ID.eq(inviteId).and(TEAMS.DELETE_AT.eq(0L))).fetchOptional()
        .map(TeamRepository::toTeam);
  }

  /** Writes the fields a team admin may change (names, description, access rules, invite id). */
  public void update(DSLContext dsl, Team team) {
    dsl.update(TEAMS)
        .set(TEAMS.UPDATE_AT, team.updateAt())
        .set(TEAMS.DISPLAY_NAME, team.displayName())
        .set(TEAMS.DESCRIPTION, requireNonNullElse(team.description(), ""))
        .set(TEAMS.COMPANY_NAME, requireNonNullElse(team.companyName(), ""))
        .set(TEAMS.ALLOWED_DOMAINS, requireNonNullElse(team.allowedDomains(), ""))
        .set(TEAMS.ALLOW_OPEN_INVITE, team.allowOpenInvite())
        .set(TEAMS.INVITE_ID, team.inviteId())
        .where(TEAMS.ID.eq(team.id()))
        .execute();
  }

  /** Teams, not deleted, that the user is a member of; ordered by display name. */
  public List<Team> findForUser(DSLContext dsl, String userId) {
    return dsl.select(TEAMS.fields())
        .from(TEAMS)
        .join(TEAM_MEMBERS).on(TEAM_MEMBERS.TEAM_ID.eq(TEAMS.ID))
        .where(TEAM_MEMBERS.USER_ID.eq(userId))
        .and(TEAM_MEMBERS.DELETE_AT.eq(0L))
        .and(TEAMS.DELETE_AT.eq(0L))
        .orderBy(TEAMS.DISPLAY_NAME, TEAMS.ID)
        .fetch(row -> toTeam(row.into(TEAMS)));
  }

  /**
   * One page of the live teams, by display name: every one, or only those anyone may join
   * (open and allowing open invites), which is what a user without system rights may list.
   */
  public List<Team> page(DSLContext dsl, boolean joinableOnly, int offset, int limit) {
    return dsl.selectFrom(TEAMS).where(listed(joinableOnly)).orderBy(TEAMS.DISPLAY_NAME, TEAMS.ID).offset(offset).limit(limit)
        .fetch(TeamRepository::toTeam);
  }

  /** How many teams {@link #page} walks through. */
  public int count(DSLContext dsl, boolean joinableOnly) {
    return dsl.fetchCount(TEAMS, listed(joinableOnly));
  }

  private static Condition listed(boolean joinableOnly) {
    Condition live = TEAMS.DELETE_AT.eq(0L);
    return joinableOnly ? live.and(TEAMS.TYPE.eq("O")).and(TEAMS.ALLOW_OPEN_INVITE.isTrue()) : live;
  }

  /**
   * Adds a member. Joining again after leaving re-activates the old row and keeps the roles
   * it had, as Mattermost does; joining twice changes nothing.
   */
  public void insertMember(DSLContext dsl, TeamMember member, long createAt) {
    dsl.insertInto(TEAM_MEMBERS)
        .set(TEAM_MEMBERS.TEAM_ID, member.teamId())
        .set(TEAM_MEMBERS.USER_ID, member.userId())
        .set(TEAM_MEMBERS.ROLES, requireNonNullElse(member.roles(), ""))
        .set(TEAM_MEMBERS.DELETE_AT, 0L)
        .set(TEAM_MEMBERS.SCHEME_USER, member.schemeUser())
        .set(TEAM_MEMBERS.SCHEME_ADMIN, member.schemeAdmin())
        .set(TEAM_MEMBERS.SCHEME_GUEST, member.schemeGuest())
        .set(TEAM_MEMBERS.CREATE_AT, createAt)
        .onConflict(TEAM_MEMBERS.TEAM_ID, TEAM_MEMBERS.USER_ID)
        .doUpdate()
        .set(TEAM_MEMBERS.DELETE_AT, 0L)
        .execute();
  }

  /** Marks a membership as left; true when the user was a member. */
  public boolean removeMember(DSLContext dsl, String teamId, String userId, long now) {
    return dsl.update(TEAM_MEMBERS)
        .set(TEAM_MEMBERS.DELETE_AT, now)
        .where(TEAM_MEMBERS.TEAM_ID.eq(teamId))
        .and(TEAM_MEMBERS.USER_ID.eq(userId))
        .and(TEAM_MEMBERS.DELETE_AT.eq(0L))
        .execute() > 0;
  }

  /** The membership, if the user is an active member. */
  public Optional<TeamMember> findMember(DSLContext dsl, String teamId, String userId) {
    return dsl.selectFrom(TEAM_MEMBERS)
        .where(TEAM_MEMBERS.TEAM_ID.eq(teamId))
        .and(TEAM_MEMBERS.USER_ID.eq(userId))
        .and(TEAM_MEMBERS.DELETE_AT.eq(0L))
        .fetchOptional()
        .map(TeamRepository::toMember);
  }

  /** The user's active memberships, ordered by team id. */
  public List<TeamMember> membersOfUser(DSLContext dsl, String userId) {
    return dsl.selectFrom(TEAM_MEMBERS)
        .where(TEAM_MEMBERS.USER_ID.eq(userId))
        .and(TEAM_MEMBERS.DELETE_AT.eq(0L))
        .orderBy(TEAM_MEMBERS.TEAM_ID)
        .fetch(TeamRepository::toMember);
  }

  public Set<String> memberUserIds(DSLContext dsl, String teamId) {
    return new HashSet<>(dsl.select(TEAM_MEMBERS.USER_ID)
        .from(TEAM_MEMBERS)
        .where(TEAM_MEMBERS.TEAM_ID.eq(teamId))
        .and(TEAM_MEMBERS.DELETE_AT.eq(0L))
        .fetch(TEAM_MEMBERS.USER_ID));
  }

  /** Active members, for the MaxUsersPerTeam limit. */
  public int countMembers(DSLContext dsl, String teamId) {
    return dsl.fetchCount(TEAM_MEMBERS, TEAM_MEMBERS.TEAM_ID.eq(teamId).and(TEAM_MEMBERS.DELETE_AT.eq(0L)));
  }

  static Team toTeam(TeamsRecord row) {
    return new Team(row.getId(), row.getCreateAt(), row.getUpdateAt(), row.getDeleteAt(), row.getDisplayName(),
        row.getName(), row.getDescription(), row.getEmail(), row.getType(), row.getCompanyName(),
        row.getAllowedDomains(), row.getInviteId(), row.getAllowOpenInvite(), null, null, null, false);
  }

  static TeamMember toMember(TeamMembersRecord row) {
    return new TeamMember(row.getTeamId(), row.getUserId(), row.getRoles(), row.getDeleteAt(), row.getSchemeGuest(),
        row.getSchemeUser(), row.getSchemeAdmin(), "");
  }
}
