package chorus.persistence.posts;

import static chorus.persistence.jooq.Tables.CHANNELS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chorus.persistence.TestDatabase;
import chorus.persistence.TestRecords;
import chorus.persistence.channels.ChannelEventRepository;
import chorus.persistence.channels.ChannelRepository;
import chorus.persistence.channels.StoredChannelEvent;
import chorus.persistence.threads.ThreadRepository;
import chorus.persistence.users.UserRepository;
import chorus.protocol.api.Channel;
import chorus.protocol.api.ChannelMember;
import chorus.protocol.api.Post;
import chorus.protocol.api.User;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostWritesTest {
  @RegisterExtension
  static final TestDatabase db = new TestDatabase();

  private final PostWrites writes = new PostWrites();
  private final PostRepository posts = new PostRepository();
  private final ChannelRepository channels = new ChannelRepository();
  private final ChannelEventRepository log = new ChannelEventRepository();
  private final User poster = TestRecords.user(TestRecords.username("poster"));
  private final User reader = TestRecords.user(TestRecords.username("reader"));
  private final Channel channel = TestRecords.channel(TestRecords.id(), Channel.OPEN, "writes-" + TestRecords.id());

  PostWritesTest() {
    UserRepository users = new UserRepository();
    users.insert(db.dsl(), poster, "");
    users.insert(db.dsl(), reader, "");
    channels.insert(db.dsl(), channel);
    channels.insertMember(db.dsl(), TestRecords.channelMember(channel.id(), poster.id()));
    channels.insertMember(db.dsl(), TestRecords.channelMember(channel.id(), reader.id()));
  }

  private Optional<PostWrites.Slot> claim(String userId, String pending, long now, boolean root) {
    return writes.claim(db.dsl(), channel.id(), userId, pending, now, root, PostWrites.MentionKeys.NONE);
  }

  @Test
  void claimTakesTheNextTickAndPositionAndReadsWhatTheEventNeeds() {
    PostWrites.Slot first = claim(poster.id(), "", 5_000, true).orElseThrow();
    PostWrites.Slot second = claim(poster.id(), "", 4_000, false).orElseThrow();

    assertThat(first.createAt()).isEqualTo(5_000);
    assertThat(second.createAt()).as("strictly increasing even when the clock goes back").isEqualTo(5_001);
    assertThat(second.position()).isEqualTo(first.position() + 1);
    assertThat(first.senderUsername()).isEqualTo(poster.username());
    assertThat(first.channel()).isEqualTo(new PostWrites.ChannelFacts(channel.type(), channel.displayName(), channel.name(),
        channel.teamId()));
    Channel after = channels.findById(db.dsl(), channel.id()).orElseThrow();
    assertThat(after.totalMsgCount()).isEqualTo(2);
    assertThat(after.totalMsgCountRoot()).as("only the root post counts as one").isEqualTo(1);
    assertThat(after.lastPostAt()).isEqualTo(5_001);
    assertThat(after.lastRootPostAt()).isEqualTo(5_000);
  }

  @Test
  void theRetryCheckUsesThePendingIdIndexInAGenericPlanToo() {
    // PostgreSQL may cache a generic plan for the claim; a small table must not hide a scan.
    String plan = db.dsl().connectionResult(connection -> {
      try (Statement sql = connection.createStatement()) {
        sql.execute("SET plan_cache_mode = force_generic_plan");
        sql.execute("SET enable_seqscan = off");
        sql.execute("PREPARE already_posted(text, text) AS SELECT "
            + PostWrites.ALREADY_POSTED.replaceFirst("\\?", "\\$1").replaceFirst("\\?", "\\$2"));
        try (ResultSet rows = sql.executeQuery("EXPLAIN EXECUTE already_posted('" + poster.id() + "', 'pending')")) {
          StringBuilder text = new StringBuilder();
          while (rows.next()) {
            text.append(rows.getString(1)).append('\n');
          }
          return text.toString();
        } finally {
          sql.execute("DEALLOCATE already_posted");
          sql.execute("RESET plan_cache_mode");
          sql.execute("RESET enable_seqscan");
        }
      }
    });

    assertThat(plan).contains("posts_user_id_pending_post_id_key");
  }

  @Test
  void postsAndOtherEventsShareOneGaplessCounter() {
    long added = db.transaction(dsl -> log.nextPosition(dsl, channel.id()));
    long posted = db.transaction(dsl -> writes.claim(dsl, channel.id(), poster.id(), "", 1_000, true, PostWrites.MentionKeys.NONE).orElseThrow().position());
    long removed = db.transaction(dsl -> log.nextPosition(dsl, channel.id()));

    assertThat(List.of(added, posted, removed)).containsExactly(1L, 2L, 3L);
  }

  @Test
  void concurrentPostersNeverShareATimeOrAPosition() throws Exception {
    List<CompletableFuture<List<PostWrites.Slot>>> posters = new ArrayList<>();
    for (int poster = 0; poster < 6; poster++) {
      posters.add(CompletableFuture.supplyAsync(() -> {
        List<PostWrites.Slot> slots = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          slots.add(db.transaction(dsl -> writes.claim(dsl, channel.id(), reader.id(), "", 50_000, true, PostWrites.MentionKeys.NONE).orElseThrow()));
        }
        return slots;
      }));
    }

    Set<Long> times = new HashSet<>();
    Set<Long> positions = new HashSet<>();
    for (CompletableFuture<List<PostWrites.Slot>> poster : posters) {
      List<PostWrites.Slot> slots = poster.get(60, TimeUnit.SECONDS);
      assertThat(slots).extracting(PostWrites.Slot::createAt).isSorted().doesNotHaveDuplicates();
      slots.forEach(slot -> {
        times.add(slot.createAt());
        positions.add(slot.position());
      });
    }
    assertThat(times).hasSize(120);
    assertThat(positions).hasSize(120);
    assertThat(channels.findById(db.dsl(), channel.id()).orElseThrow().totalMsgCount()).isEqualTo(120);
  }

  @Test
  void claimTakesNothingWhenThePosterMayNotPostOrAlreadyDid() {
    User outsider = TestRecords.user(TestRecords.username("outsider"));
    new UserRepository().insert(db.dsl(), outsider, "");
    PostWrites.Slot slot = claim(poster.id(), "", 1_000, true).orElseThrow();
    Post earlier = post(slot, "pending-1");
    writes.record(db.dsl(), earlier, new PostWrites.Event(TestRecords.id(), "posted", "{}", slot.position()), List.of(),
        Optional.empty(), 1_000, false);

    assertThat(claim(outsider.id(), "", 2_000, true)).as("not a member").isEmpty();
    assertThat(claim(poster.id(), "pending-1", 2_000, true)).as("the same pending_post_id again").isEmpty();
    assertThat(claim(reader.id(), "pending-1", 2_000, true)).as("another user's pending id is theirs").isPresent();
    assertThat(writes.claim(db.dsl(), TestRecords.id(), poster.id(), "", 2_000, true, PostWrites.MentionKeys.NONE)).as("no such channel").isEmpty();
    db.dsl().update(CHANNELS).set(CHANNELS.DELETE_AT, 3_000L).where(CHANNELS.ID.eq(channel.id())).execute();
    assertThat(claim(poster.id(), "", 4_000, true)).as("archived").isEmpty();
  }

  @Test
  void recordStoresThePostAndItsEventMarksThePosterReadAndReturnsTheMembersWhenAsked() {
    channels.markViewed(db.dsl(), channel.id(), reader.id(), 1);
    PostWrites.Slot slot = claim(poster.id(), "", 7_000, true).orElseThrow();
    Post post = new Post(TestRecords.id(), slot.createAt(), slot.createAt(), 0, 0, false, poster.id(), channel.id(), "", "",
        "hello", "", Map.of("from_bot", "true"), "", List.of(), "pending-2", 0, 0, null, Map.of());

    var members = writes.record(db.dsl(), post, new PostWrites.Event("e".repeat(26), "posted", "{\"post\":\"x\"}",
        slot.position()), List.of(), Optional.empty(), 6_500, true);

    assertThat(members).containsExactlyInAnyOrder(poster.id(), reader.id());
    assertThat(posts.findById(db.dsl(), post.id())).contains(post.withPendingPostId(""));
    assertThat(posts.findByPendingPostId(db.dsl(), poster.id(), "pending-2")).isPresent();
    List<StoredChannelEvent> stored = log.after(db.dsl(), channel.id(), slot.position() - 1, 10);
    assertThat(stored).singleElement().satisfies(event -> {
      assertThat(event.position()).isEqualTo(slot.position());
      assertThat(event.id()).isEqualTo("e".repeat(26));
      assertThat(event.event()).isEqualTo("posted");
      assertThat(event.data()).isEqualTo("{\"post\":\"x\"}");
      assertThat(event.subjectUserId()).isEmpty();
    });
    ChannelMember posterView = channels.findMember(db.dsl(), channel.id(), poster.id()).orElseThrow();
    assertThat(posterView.lastViewedAt()).as("the view covers the post even when the node's clock is behind").isEqualTo(7_000);
    assertThat(posterView.msgCount()).isEqualTo(1);
    assertThat(channels.findMember(db.dsl(), channel.id(), reader.id()).orElseThrow().msgCount()).isZero();

    PostWrites.Slot next = claim(poster.id(), "", 8_000, true).orElseThrow();
    assertThat(writes.record(db.dsl(), post(next, ""), new PostWrites.Event(TestRecords.id(), "posted", "{}", next.position()),
        List.of(), Optional.empty(), 8_000, false)).as("members left to the hubs").isNull();
  }

  @Test
  void recordAndCommitCommitsBeforeItReturnsAndAFailureInItKeepsNothingOfTheTransaction() {
    Post committed = db.transaction(dsl -> {
      PostWrites.Slot slot = writes.claim(dsl, channel.id(), poster.id(), "", 9_000, true, PostWrites.MentionKeys.NONE)
          .orElseThrow();
      Post post = post(slot, "");
      writes.recordAndCommit(dsl, post, new PostWrites.Event(TestRecords.id(), "posted", "{}", slot.position()), List.of(),
          Optional.empty(), 9_000, false);
      assertThat(posts.findById(db.dsl(), post.id())).as("seen by another connection before the work returns").isPresent();
      return post;
    });
    long countBefore = channels.findById(db.dsl(), channel.id()).orElseThrow().totalMsgCount();

    // The same post id again: the insert fails, so the commit sent with it never runs and the claim rolls back.
    assertThatThrownBy(() -> db.transaction(dsl -> {
      PostWrites.Slot slot = writes.claim(dsl, channel.id(), poster.id(), "", 9_500, true, PostWrites.MentionKeys.NONE)
          .orElseThrow();
      Post again = new Post(committed.id(), slot.createAt(), slot.createAt(), 0, 0, false, poster.id(), channel.id(), "", "",
          "again", "", Map.of(), "", List.of(), "", 0, 0, null, null);
      return writes.recordAndCommit(dsl, again, new PostWrites.Event(TestRecords.id(), "posted", "{}", slot.position()),
          List.of(), Optional.empty(), 9_500, false);
    })).isInstanceOf(DataAccessException.class);

    Channel after = channels.findById(db.dsl(), channel.id()).orElseThrow();
    assertThat(after.totalMsgCount()).isEqualTo(countBefore);
    assertThat(after.lastPostAt()).as("the failed claim's tick is gone").isEqualTo(9_000);
    assertThat(posts.findById(db.dsl(), committed.id()).orElseThrow().message()).isEqualTo("m");
  }

  private Post post(PostWrites.Slot slot, String pending) {
    return new Post(TestRecords.id(), slot.createAt(), slot.createAt(), 0, 0, false, poster.id(), channel.id(), "", "",
        "m", "", Map.of(), "", List.of(), pending, 0, 0, null, null);
  }

  @Test
  void mentionsAreTheMembersNamedOrEveryoneButThePoster() {
    User outsider = TestRecords.user(TestRecords.username("outsider"));
    new UserRepository().insert(db.dsl(), outsider, "");

    PostWrites.Slot named = writes.claim(db.dsl(), channel.id(), poster.id(), "", 1_000, true,
        new PostWrites.MentionKeys(Set.of(reader.username(), poster.username(), outsider.username(), "nobody"), false)).orElseThrow();
    PostWrites.Slot everyone = writes.claim(db.dsl(), channel.id(), poster.id(), "", 2_000, true,
        new PostWrites.MentionKeys(Set.of(), true)).orElseThrow();
    PostWrites.Slot none = claim(poster.id(), "", 3_000, true).orElseThrow();

    assertThat(named.mentioned()).as("members only, never the poster").containsExactly(reader.id());
    assertThat(everyone.mentioned()).containsExactly(reader.id());
    assertThat(none.mentioned()).isEmpty();
  }

  @Test
  void everyPostInADirectChannelMentionsTheOtherMember() {
    Channel direct = TestRecords.channel("", Channel.DIRECT, poster.id() + "__" + reader.id());
    channels.insert(db.dsl(), direct);
    channels.insertMember(db.dsl(), TestRecords.channelMember(direct.id(), poster.id()));
    channels.insertMember(db.dsl(), TestRecords.channelMember(direct.id(), reader.id()));

    PostWrites.Slot slot = writes.claim(db.dsl(), direct.id(), poster.id(), "", 1_000, true, PostWrites.MentionKeys.NONE)
        .orElseThrow();

    assertThat(slot.mentioned()).containsExactly(reader.id());
  }

  @Test
  void recordCountsAMentionForEachMentionedMember() {
    PostWrites.Slot root = claim(poster.id(), "", 1_000, true).orElseThrow();
    writes.record(db.dsl(), post(root, ""), new PostWrites.Event(TestRecords.id(), "posted", "{}", root.position()),
        List.of(reader.id()), Optional.empty(), 1_000, false);
    PostWrites.Slot reply = claim(poster.id(), "", 2_000, false).orElseThrow();
    Post replyPost = new Post(TestRecords.id(), reply.createAt(), reply.createAt(), 0, 0, false, poster.id(), channel.id(),
        TestRecords.id(), "", "m", "", Map.of(), "", List.of(), "", 0, 0, null, null);
    writes.record(db.dsl(), replyPost, new PostWrites.Event(TestRecords.id(), "posted", "{}", reply.position()),
        List.of(reader.id()), Optional.empty(), 2_000, false);

    ChannelMember mentioned = channels.findMember(db.dsl(), channel.id(), reader.id()).orElseThrow();
    assertThat(mentioned.mentionCount()).isEqualTo(2);
    assertThat(mentioned.mentionCountRoot()).as("only the root post counts as a root mention").isEqualTo(1);
    assertThat(channels.findMember(db.dsl(), channel.id(), poster.id()).orElseThrow().mentionCount()).isZero();
  }

  @Test
  void aReplyKeepsItsThreadAndMakesItsPosterTheRootsAuthorAndTheMentionedFollow() {
    ThreadRepository threads = new ThreadRepository();
    PostWrites.Slot rootSlot = claim(poster.id(), "", 1_000, true).orElseThrow();
    Post root = post(rootSlot, "");
    writes.record(db.dsl(), root, new PostWrites.Event(TestRecords.id(), "posted", "{}", rootSlot.position()), List.of(),
        Optional.empty(), 1_000, false);

    reply(root, reader, 2_000, List.of());
    reply(root, poster, 3_000, List.of(reader.id()));
    reply(root, reader, 4_000, List.of());

    assertThat(posts.findById(db.dsl(), root.id()).orElseThrow().replyCount()).isEqualTo(3);
    assertThat(posts.findById(db.dsl(), root.id()).orElseThrow().lastReplyAt()).isEqualTo(4_000);
    var readerView = threads.one(db.dsl(), reader.id(), channel.teamId(), root.id()).orElseThrow();
    assertThat(readerView.participants()).as("each replier once, the latest last").containsExactly(poster.id(), reader.id());
    assertThat(readerView.lastViewed()).as("their own reply").isEqualTo(4_000);
    assertThat(readerView.unreadMentions()).as("cleared by their reply").isZero();
    assertThat(readerView.unreadReplies()).isZero();
    var posterView = threads.one(db.dsl(), poster.id(), channel.teamId(), root.id()).orElseThrow();
    assertThat(posterView.following()).isTrue();
    assertThat(posterView.lastViewed()).isEqualTo(3_000);
    assertThat(posterView.unreadReplies()).as("the reply after theirs").isEqualTo(1);
    assertThat(threads.totals(db.dsl(), poster.id(), channel.teamId())).isEqualTo(new ThreadRepository.Totals(1, 1, 0));
  }

  @Test
  void anUnfollowedRootAuthorStaysUnfollowedUnlessMentioned() {
    ThreadRepository threads = new ThreadRepository();
    PostWrites.Slot rootSlot = claim(poster.id(), "", 1_000, true).orElseThrow();
    Post root = post(rootSlot, "");
    writes.record(db.dsl(), root, new PostWrites.Event(TestRecords.id(), "posted", "{}", rootSlot.position()), List.of(),
        Optional.empty(), 1_000, false);
    reply(root, reader, 2_000, List.of());
    threads.setFollowing(db.dsl(), root.id(), poster.id(), false, 2_500);

    reply(root, reader, 3_000, List.of());
    assertThat(threads.one(db.dsl(), poster.id(), channel.teamId(), root.id()).orElseThrow().following()).isFalse();
    assertThat(threads.followed(db.dsl(), poster.id(), channel.teamId(), false, 0, 30)).isEmpty();

    reply(root, reader, 4_000, List.of(poster.id()));
    var followed = threads.followed(db.dsl(), poster.id(), channel.teamId(), true, 0, 30);
    assertThat(followed).singleElement().satisfies(thread -> {
      assertThat(thread.following()).isTrue();
      assertThat(thread.unreadMentions()).isEqualTo(1);
      assertThat(thread.unreadReplies()).isEqualTo(3);
    });
    threads.markRead(db.dsl(), root.id(), poster.id(), 4_000, 5_000);
    assertThat(threads.followed(db.dsl(), poster.id(), channel.teamId(), true, 0, 30)).as("nothing unread").isEmpty();
  }

  private void reply(Post root, User author, long at, List<String> mentioned) {
    PostWrites.Slot slot = writes.claim(db.dsl(), channel.id(), author.id(), "", at, false, PostWrites.MentionKeys.NONE)
        .orElseThrow();
    Post reply = new Post(TestRecords.id(), slot.createAt(), slot.createAt(), 0, 0, false, author.id(), channel.id(), root.id(),
        "", "r", "", Map.of(), "", List.of(), "", 0, 0, null, null);
    writes.record(db.dsl(), reply, new PostWrites.Event(TestRecords.id(), "posted", "{}", slot.position()), mentioned,
        Optional.of(new PostWrites.Reply(root.id(), root.userId())), at, false);
  }
}
