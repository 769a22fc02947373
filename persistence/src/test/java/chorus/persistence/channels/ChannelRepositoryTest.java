package chorus.persistence.channels;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.persistence.TestDatabase;
import chorus.persistence.TestRecords;
import chorus.persistence.teams.TeamRepository;
import chorus.persistence.users.UserRepository;
import chorus.protocol.api.Channel;
import chorus.protocol.api.ChannelMember;
import chorus.protocol.api.Team;
import chorus.protocol.api.User;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ChannelRepositoryTest {
  @RegisterExtension
  static final TestDatabase db = new TestDatabase();

  private final ChannelRepository channels = new ChannelRepository();
  private final UserRepository users = new UserRepository();
  private final TeamRepository teams = new TeamRepository();

  private String newUser() {
    User user = TestRecords.user(TestRecords.username("c"));
    users.insert(db.dsl(), user, "h");
    return user.id();
  }

  private Channel newChannel(String teamId, String type, String displayName) {
    Channel channel = new Channel(TestRecords.id(), 1000, 1000, 0, teamId, type, displayName, "ch-" + TestRecords.id(),
        "header", "purpose", 0, 0, 0, "", null, null, null, false, 0, null, 0);
    channels.insert(db.dsl(), channel);
    return channel;
  }

  private Channel joined(String userId, Channel channel) {
    channels.insertMember(db.dsl(), TestRecords.channelMember(channel.id(), userId));
    return channel;
  }

  @Test
  void findWithAccessTellsChannelAndTeamMembershipInOneRead() {
    Team team = TestRecords.team("access" + TestRecords.id().substring(0, 8));
    teams.insert(db.dsl(), team);
    String member = newUser();
    String teammate = newUser();
    String leftTeam = newUser();
    String stranger = newUser();
    teams.insertMember(db.dsl(), TestRecords.teamMember(team.id(), member), 1);
    teams.insertMember(db.dsl(), TestRecords.teamMember(team.id(), teammate), 1);
    teams.insertMember(db.dsl(), TestRecords.teamMember(team.id(), leftTeam), 1);
    teams.removeMember(db.dsl(), team.id(), leftTeam, 2);
    Channel channel = joined(member, newChannel(team.id(), Channel.OPEN, "Access"));

    assertThat(channels.findWithAccess(db.dsl(), channel.id(), member)).get()
        .extracting(row -> row.channel().id(), ChannelAccessRow::member, ChannelAccessRow::teamMember)
        .containsExactly(channel.id(), true, true);
    assertThat(channels.findWithAccess(db.dsl(), channel.id(), teammate)).get()
        .extracting(ChannelAccessRow::member, ChannelAccessRow::teamMember).containsExactly(false, true);
    assertThat(channels.findWithAccess(db.dsl(), channel.id(), leftTeam)).get()
        .extracting(ChannelAccessRow::member, ChannelAccessRow::teamMember).containsExactly(false, false);
    assertThat(channels.findWithAccess(db.dsl(), channel.id(), stranger)).get()
        .extracting(ChannelAccessRow::member, ChannelAccessRow::teamMember).containsExactly(false, false);
    assertThat(channels.findWithAccess(db.dsl(), TestRecords.id(), member)).isEmpty();
  }

  @Test
  void insertedChannelReadsBackByIdAndName() {
    String team = TestRecords.id();
    Channel channel = newChannel(team, Channel.OPEN, "Town Square");
    String a = TestRecords.id();
    String b = TestRecords.id();
    Channel direct = new Channel(TestRecords.id(), 1, 1, 0, "", Channel.DIRECT, "", Channel.directName(a, b), "", "", 0, 0,
        0, a, null, null, null, false, 0, null, 0);
    channels.insert(db.dsl(), direct);

    assertThat(channels.findById(db.dsl(), channel.id())).contains(channel);
    assertThat(channels.findByName(db.dsl(), team, channel.name())).contains(channel);
    assertThat(channels.findByName(db.dsl(), TestRecords.id(), channel.name())).isEmpty();
    assertThat(channels.findByName(db.dsl(), "", Channel.directName(b, a))).contains(direct);
  }

  @Test
  void findForUserListsTheTeamsChannelsAndDirectOnesTheUserIsIn() {
    String user = newUser();
    String team = TestRecords.id();
    Channel town = joined(user, newChannel(team, Channel.OPEN, "Town"));
    Channel secret = joined(user, newChannel(team, Channel.PRIVATE, "Alpha secret"));
    Channel direct = joined(user, newChannel("", Channel.DIRECT, ""));
    Channel group = joined(user, newChannel("", Channel.GROUP, "Group"));
    Channel archived = joined(user, newChannel(team, Channel.OPEN, "Archived"));
    db.dsl().execute("UPDATE channels SET delete_at = 9 WHERE id = ?", archived.id());
    joined(user, newChannel(TestRecords.id(), Channel.OPEN, "Other team"));
    newChannel(team, Channel.OPEN, "Not joined");

    assertThat(channels.findForUser(db.dsl(), user, team, false)).extracting(Channel::id)
        .containsExactly(direct.id(), secret.id(), group.id(), town.id());
    assertThat(channels.findForUser(db.dsl(), user, team, true)).extracting(Channel::id)
        .containsExactlyInAnyOrder(direct.id(), secret.id(), group.id(), town.id(), archived.id());
    assertThat(channels.membersForUser(db.dsl(), user, team)).extracting(ChannelMember::channelId)
        .containsExactlyInAnyOrder(direct.id(), secret.id(), group.id(), town.id(), archived.id());
  }

  @Test
  void countInTeamCountsOnlyTheTeamsLiveChannels() {
    String team = TestRecords.id();
    newChannel(team, Channel.OPEN, "One");
    newChannel(team, Channel.PRIVATE, "Two");
    Channel gone = newChannel(team, Channel.OPEN, "Gone");
    db.dsl().execute("UPDATE channels SET delete_at = 9 WHERE id = ?", gone.id());
    newChannel(TestRecords.id(), Channel.OPEN, "Elsewhere");

    assertThat(channels.countInTeam(db.dsl(), team)).isEqualTo(2);
  }

  @Test
  void insertMemberIsIdempotentAndKeepsTheFirstRow() {
    String user = newUser();
    Channel channel = newChannel(TestRecords.id(), Channel.OPEN, "Idem");
    ChannelMember admin = new ChannelMember(channel.id(), user, "channel_user channel_admin", 0, 0, 0, 0, 0, 0,
        ChannelMember.defaultNotifyProps(), 1000, false, true, true, "");

    channels.insertMember(db.dsl(), admin);
    channels.insertMember(db.dsl(), TestRecords.channelMember(channel.id(), user));

    assertThat(channels.findMember(db.dsl(), channel.id(), user)).contains(admin);
    assertThat(channels.memberUserIds(db.dsl(), channel.id())).containsExactly(user);
  }

  @Test
  void deleteMemberRemovesTheMembership() {
    String user = newUser();
    String other = newUser();
    Channel channel = joined(other, joined(user, newChannel(TestRecords.id(), Channel.OPEN, "Leave")));

    assertThat(channels.deleteMember(db.dsl(), channel.id(), user)).isTrue();
    assertThat(channels.deleteMember(db.dsl(), channel.id(), user)).isFalse();
    assertThat(channels.findMember(db.dsl(), channel.id(), user)).isEmpty();
    assertThat(channels.memberUserIds(db.dsl(), channel.id())).containsExactly(other);
  }

  @Test
  void markViewedCatchesUpCountsAndClearsMentions() {
    String user = newUser();
    Channel channel = joined(user, newChannel(TestRecords.id(), Channel.OPEN, "Viewed"));
    db.dsl().execute("UPDATE channels SET last_post_at = 6000, total_msg_count = 2, total_msg_count_root = 1 WHERE id = ?",
        channel.id());
    db.dsl().execute("UPDATE channel_members SET mention_count = 3, mention_count_root = 2, urgent_mention_count = 1 "
        + "WHERE channel_id = ? AND user_id = ?", channel.id(), user);

    long viewedAt = channels.markViewed(db.dsl(), channel.id(), user, 7_000);

    ChannelMember member = channels.findMember(db.dsl(), channel.id(), user).orElseThrow();
    assertThat(viewedAt).isEqualTo(7_000);
    assertThat(member.lastViewedAt()).isEqualTo(7_000);
    assertThat(member.lastUpdateAt()).isEqualTo(7_000);
    assertThat(member.msgCount()).isEqualTo(2);
    assertThat(member.msgCountRoot()).isEqualTo(1);
    assertThat(member.mentionCount()).isZero();
    assertThat(member.mentionCountRoot()).isZero();
    assertThat(member.urgentMentionCount()).isZero();
  }

  @Test
  void markViewedCoversPostsStampedAheadOfTheLocalClock() {
    String user = newUser();
    Channel channel = joined(user, newChannel(TestRecords.id(), Channel.OPEN, "Ahead"));
    db.dsl().execute("UPDATE channels SET last_post_at = 9000 WHERE id = ?", channel.id());

    assertThat(channels.markViewed(db.dsl(), channel.id(), user, 8_000)).isEqualTo(9_000);
  }

  @Test
  void markViewedByANonMemberChangesNothing() {
    Channel channel = newChannel(TestRecords.id(), Channel.OPEN, "Stranger");

    assertThat(channels.markViewed(db.dsl(), channel.id(), newUser(), 7_000)).isZero();
  }
}
