package chorus.persistence.channels;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.persistence.TestDatabase;
import chorus.persistence.TestRecords;
import chorus.protocol.api.Channel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ChannelEventRepositoryTest {
  @RegisterExtension
  static final TestDatabase db = new TestDatabase();

  private final ChannelRepository channels = new ChannelRepository();
  private final ChannelEventRepository events = new ChannelEventRepository();

  private String newChannel() {
    Channel channel = new Channel(TestRecords.id(), 1000, 1000, 0, TestRecords.id(), Channel.OPEN, "Log",
        "ch-" + TestRecords.id(), "", "", 0, 0, 0, "", null, null, null, false, 0, null, 0);
    channels.insert(db.dsl(), channel);
    return channel.id();
  }

  private long append(String channelId, String event, String subject) {
    return db.transaction(dsl -> {
      long position = events.nextPosition(dsl, channelId);
      events.insert(dsl, channelId, position, TestRecords.id(), event, subject, "{\"n\":" + position + "}");
      return position;
    });
  }

  @Test
  void positionsAreGaplessPerChannel() {
    String channel = newChannel();
    long added = append(channel, "user_added", "u1");
    long removed = append(channel, "user_removed", "u1");
    long again = append(channel, "user_added", "u1");

    assertThat(List.of(added, removed, again)).containsExactly(1L, 2L, 3L);
    assertThat(events.heads(db.dsl())).containsEntry(channel, 3L);
    assertThat(events.nextPosition(db.dsl(), TestRecords.id())).isZero();
  }

  @Test
  void readsAfterAPositionInOrderAndMembershipChangesApart() {
    String channel = newChannel();
    append(channel, "user_added", "u1");
    append(channel, "posted", "");
    append(channel, "user_removed", "u2");
    append(channel, "posted", "");

    assertThat(events.after(db.dsl(), channel, 1, 10)).extracting(StoredChannelEvent::position).containsExactly(2L, 3L, 4L);
    assertThat(events.after(db.dsl(), channel, 0, 2)).extracting(StoredChannelEvent::data)
        .containsExactly("{\"n\":1}", "{\"n\":2}");
  }

  @Test
  void membershipIsTheMembersTheHeadAndTheJoinsAndLeavesAfterAPosition() {
    String channel = newChannel();
    List<String> users = new ArrayList<>();
    for (String name : List.of("ann", "ben")) {
      var user = TestRecords.user(TestRecords.username(name));
      new chorus.persistence.users.UserRepository().insert(db.dsl(), user, "hash");
      users.add(user.id());
    }
    db.transaction(dsl -> {
      channels.insertMember(dsl, TestRecords.channelMember(channel, users.get(0)));
      channels.insertMember(dsl, TestRecords.channelMember(channel, users.get(1)));
      return null;
    });
    append(channel, "user_added", users.get(0));
    append(channel, "posted", "");
    append(channel, "user_added", users.get(1));

    ChannelMembership membership = events.membership(db.dsl(), channel, 1);

    assertThat(membership.head()).isEqualTo(3);
    assertThat(membership.members()).containsExactlyInAnyOrderElementsOf(users);
    assertThat(membership.changes()).extracting(StoredChannelEvent::position, StoredChannelEvent::event, StoredChannelEvent::subjectUserId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(3L, "user_added", users.get(1)));
    assertThat(events.membership(db.dsl(), TestRecords.id(), 0)).isEqualTo(new ChannelMembership(0, Set.of(), List.of()));
  }

  @Test
  void recentHeadsReportTheLastPositionAndItsAge() {
    String channel = newChannel();
    append(channel, "posted", "");
    append(channel, "posted", "");

    List<ChannelEventRepository.RecentHead> heads = events.recentHeads(db.dsl(), 60_000);

    assertThat(heads).filteredOn(h -> h.channelId().equals(channel)).singleElement().satisfies(head -> {
      assertThat(head.position()).isEqualTo(2);
      assertThat(head.ageMillis()).isBetween(0L, 60_000L);
    });
    assertThat(events.pruneOlderThan(db.dsl(), 3_600_000)).isZero();
    assertThat(events.after(db.dsl(), channel, 0, 10)).hasSize(2);
  }

  @Test
  void concurrentWritersNeverShareAPosition() throws Exception {
    String channel = newChannel();
    List<CompletableFuture<List<Long>>> writers = new ArrayList<>();
    for (int writer = 0; writer < 4; writer++) {
      writers.add(CompletableFuture.supplyAsync(() -> {
        List<Long> positions = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
          positions.add(append(channel, "posted", ""));
        }
        return positions;
      }));
    }
    Set<Long> all = new HashSet<>();
    for (CompletableFuture<List<Long>> writer : writers) {
      List<Long> positions = writer.get(60, TimeUnit.SECONDS);
      assertThat(positions).isSorted();
      all.addAll(positions);
    }
    assertThat(all).hasSize(60).contains(1L, 60L);
  }
}
