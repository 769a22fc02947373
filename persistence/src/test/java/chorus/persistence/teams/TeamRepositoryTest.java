package chorus.persistence.teams;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.persistence.TestDatabase;
import chorus.persistence.TestRecords;
import chorus.persistence.users.UserRepository;
import chorus.protocol.api.Team;
import chorus.protocol.api.TeamMember;
import chorus.protocol.api.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TeamRepositoryTest {
  @RegisterExtension
  static final TestDatabase db = new TestDatabase();

  private final TeamRepository teams = new TeamRepository();
  private final UserRepository users = new UserRepository();

  private String newUser() {
    User user = TestRecords.user(TestRecords.username("t"));
    users.insert(db.dsl(), user, "h");
    return user.id();
  }

  private Team newTeam(String displayName) {
    Team team = new Team(TestRecords.id(), 1000, 1000, 0, displayName, "team-" + TestRecords.id(), "about", "t@example.com",
        Team.INVITE, "Co", "example.com", TestRecords.id(), false, null, null, null, false);
    teams.insert(db.dsl(), team);
    return team;
  }

  @Test
  void insertedTeamReadsBackByIdAndName() {
    Team team = newTeam("Readers");

    assertThat(teams.findById(db.dsl(), team.id())).contains(team);
    assertThat(teams.findByName(db.dsl(), team.name())).contains(team);
    assertThat(teams.findById(db.dsl(), TestRecords.id())).isEmpty();
  }

  @Test
  void findForUserListsActiveMembershipsOfLiveTeamsByDisplayName() {
    String user = newUser();
    Team zeta = newTeam("Zeta");
    Team alpha = newTeam("Alpha");
    Team left = newTeam("Left");
    Team archived = newTeam("Archived");
    newTeam("Not joined");
    for (Team team : new Team[] {zeta, alpha, left, archived}) {
      teams.insertMember(db.dsl(), TestRecords.teamMember(team.id(), user), 2000);
    }
    teams.removeMember(db.dsl(), left.id(), user, 3000);
    db.dsl().execute("UPDATE teams SET delete_at = 5 WHERE id = ?", archived.id());

    assertThat(teams.findForUser(db.dsl(), user)).extracting(Team::id).containsExactly(alpha.id(), zeta.id());
  }

  @Test
  void insertMemberTwiceIsHarmless() {
    String user = newUser();
    Team team = newTeam("Twice");

    teams.insertMember(db.dsl(), TestRecords.teamMember(team.id(), user), 2000);
    teams.insertMember(db.dsl(), TestRecords.teamMember(team.id(), user), 2001);

    assertThat(teams.memberUserIds(db.dsl(), team.id())).containsExactly(user);
    assertThat(teams.membersOfUser(db.dsl(), user)).hasSize(1);
  }

  @Test
  void countMembersCountsOnlyActiveMembers() {
    Team team = newTeam("Counted");
    String stays = newUser();
    String leaves = newUser();
    teams.insertMember(db.dsl(), TestRecords.teamMember(team.id(), stays), 2000);
    teams.insertMember(db.dsl(), TestRecords.teamMember(team.id(), leaves), 2000);
    teams.removeMember(db.dsl(), team.id(), leaves, 3000);

    assertThat(teams.countMembers(db.dsl(), team.id())).isEqualTo(1);
  }

  @Test
  void rejoiningReactivatesTheMembershipAndKeepsItsRoles() {
    String user = newUser();
    Team team = newTeam("Rejoin");
    teams.insertMember(db.dsl(), new TeamMember(team.id(), user, "team_user team_admin", 0, false, true, true, ""), 2000);

    assertThat(teams.removeMember(db.dsl(), team.id(), user, 3000)).isTrue();
    assertThat(teams.removeMember(db.dsl(), team.id(), user, 3001)).isFalse();
    assertThat(teams.findMember(db.dsl(), team.id(), user)).isEmpty();
    assertThat(teams.memberUserIds(db.dsl(), team.id())).isEmpty();

    teams.insertMember(db.dsl(), TestRecords.teamMember(team.id(), user), 4000);

    TeamMember member = teams.findMember(db.dsl(), team.id(), user).orElseThrow();
    assertThat(member.deleteAt()).isZero();
    assertThat(member.roles()).isEqualTo("team_user team_admin");
    assertThat(member.schemeAdmin()).isTrue();
  }

  @Test
  void membersOfUserAndMemberUserIdsCountActiveMembersOnly() {
    String stays = newUser();
    String leaves = newUser();
    Team first = newTeam("First");
    Team second = newTeam("Second");
    teams.insertMember(db.dsl(), TestRecords.teamMember(first.id(), stays), 2000);
    teams.insertMember(db.dsl(), TestRecords.teamMember(second.id(), stays), 2000);
    teams.insertMember(db.dsl(), TestRecords.teamMember(first.id(), leaves), 2000);
    teams.removeMember(db.dsl(), first.id(), leaves, 3000);

    assertThat(teams.membersOfUser(db.dsl(), stays)).extracting(TeamMember::teamId)
        .containsExactlyInAnyOrder(first.id(), second.id());
    assertThat(teams.membersOfUser(db.dsl(), leaves)).isEmpty();
    assertThat(teams.memberUserIds(db.dsl(), first.id())).containsExactly(stays);
    assertThat(teams.findMember(db.dsl(), first.id(), stays).orElseThrow())
        .isEqualTo(TestRecords.teamMember(first.id(), stays));
  }
}
