package chorus.persistence.posts;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.persistence.TestDatabase;
import chorus.persistence.TestRecords;
import chorus.persistence.channels.ChannelRepository;
import chorus.protocol.api.Channel;
import chorus.protocol.api.Post;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostRepositoryTest {
  @RegisterExtension
  static final TestDatabase db = new TestDatabase();

  private final PostRepository posts = new PostRepository();
  private final ChannelRepository channels = new ChannelRepository();
  private final String author = TestRecords.id();

  private String newChannel() {
    Channel channel = TestRecords.channel(TestRecords.id(), Channel.OPEN, "posts-" + TestRecords.id());
    channels.insert(db.dsl(), channel);
    return channel.id();
  }

  /** Posts at create_at 1000, 2000, ... in order. */
  private List<Post> newPosts(String channelId, int count) {
    List<Post> created = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      Post post = TestRecords.post(channelId, author, i * 1000L, "message " + i);
      posts.insert(db.dsl(), post);
      created.add(post);
    }
    return created;
  }

  private static List<String> ids(List<Post> list) {
    return list.stream().map(Post::id).toList();
  }

  @Test
  void insertedPostReadsBackWithPropsAndFiles() {
    String channel = newChannel();
    Post post = new Post(TestRecords.id(), 5, 6, 0, 0, true, author, channel, "", "", "hello #world", "",
        Map.of("from_bot", "true", "attachments", List.of(Map.of("text", "x"))), "#world", List.of("file1", "file2"),
        "", 0, 0, null, Map.of());

    posts.insert(db.dsl(), post);

    assertThat(posts.findById(db.dsl(), post.id())).contains(post);
    assertThat(posts.findById(db.dsl(), TestRecords.id())).isEmpty();
  }

  @Test
  void pageIsNewestFirstSkipsDeletedAndPages() {
    String channel = newChannel();
    List<Post> p = newPosts(channel, 5);
    posts.softDelete(db.dsl(), p.get(3).id(), 9_000);

    assertThat(ids(posts.page(db.dsl(), channel, 0, 60)))
        .containsExactly(p.get(4).id(), p.get(2).id(), p.get(1).id(), p.get(0).id());
    assertThat(ids(posts.page(db.dsl(), channel, 1, 2))).containsExactly(p.get(2).id(), p.get(1).id());
    assertThat(posts.page(db.dsl(), channel, 10, 2)).isEmpty();
  }

  @Test
  void sinceReturnsCreatedEditedAndDeletedPostsNewestFirst() {
    String channel = newChannel();
    List<Post> p = newPosts(channel, 4);
    Post edited = withMessage(p.get(0), "edited", 7_000);
    posts.update(db.dsl(), edited);
    posts.softDelete(db.dsl(), p.get(1).id(), 8_000);

    List<Post> changed = posts.since(db.dsl(), channel, 2_500);

    assertThat(ids(changed)).containsExactly(p.get(3).id(), p.get(2).id(), p.get(1).id(), p.get(0).id());
    assertThat(changed.get(2).deleteAt()).isEqualTo(8_000);
    assertThat(changed.get(3).message()).isEqualTo("edited");
    assertThat(posts.since(db.dsl(), channel, 8_000)).isEmpty();
  }

  @Test
  void beforeIsNewestFirstAndAfterIsOldestFirst() {
    String channel = newChannel();
    List<Post> p = newPosts(channel, 6);
    posts.softDelete(db.dsl(), p.get(1).id(), 9_000);
    long middle = p.get(3).createAt();

    assertThat(ids(posts.before(db.dsl(), channel, middle, 0, 10))).containsExactly(p.get(2).id(), p.get(0).id());
    assertThat(ids(posts.before(db.dsl(), channel, middle, 1, 10))).containsExactly(p.get(0).id());
    assertThat(ids(posts.after(db.dsl(), channel, middle, 0, 1))).containsExactly(p.get(4).id());
    assertThat(ids(posts.after(db.dsl(), channel, middle, 0, 10))).containsExactly(p.get(4).id(), p.get(5).id());
    assertThat(ids(posts.after(db.dsl(), channel, middle, 1, 10))).containsExactly(p.get(5).id());
  }

  @Test
  void cursorsNameTheNearestLivePostOnEachSide() {
    String channel = newChannel();
    List<Post> p = newPosts(channel, 5);
    posts.softDelete(db.dsl(), p.get(1).id(), 9_000);
    posts.softDelete(db.dsl(), p.get(3).id(), 9_000);

    assertThat(posts.idOfNewestBefore(db.dsl(), channel, p.get(2).createAt())).contains(p.get(0).id());
    assertThat(posts.idOfOldestAfter(db.dsl(), channel, p.get(2).createAt())).contains(p.get(4).id());
    assertThat(posts.idOfNewestBefore(db.dsl(), channel, p.get(0).createAt())).isEmpty();
    assertThat(posts.idOfOldestAfter(db.dsl(), channel, p.get(4).createAt())).isEmpty();
  }

  @Test
  void updateStoresTheEditableFields() {
    String channel = newChannel();
    Post post = newPosts(channel, 1).get(0);
    Post edited = new Post(post.id(), post.createAt(), 9_000, 9_000, 0, true, post.userId(), channel, "", "",
        "new text #tag", "", Map.of("k", "v"), "#tag", List.of("f"), "", 0, 0, null, Map.of());

    posts.update(db.dsl(), edited);

    assertThat(posts.findById(db.dsl(), post.id())).contains(edited);
  }

  @Test
  void softDeleteRemovesARootWithItsRepliesOnce() {
    String channel = newChannel();
    Post root = TestRecords.post(channel, author, 1_000, "root");
    Post reply1 = TestRecords.reply(channel, author, 2_000, "reply 1", root.id());
    Post reply2 = TestRecords.reply(channel, author, 3_000, "reply 2", root.id());
    Post unrelated = TestRecords.post(channel, author, 4_000, "other");
    for (Post post : List.of(root, reply1, reply2, unrelated)) {
      posts.insert(db.dsl(), post);
    }
    assertThat(ids(posts.thread(db.dsl(), root.id()))).containsExactly(root.id(), reply1.id(), reply2.id());

    assertThat(posts.softDelete(db.dsl(), root.id(), 5_000)).isEqualTo(3);
    assertThat(posts.softDelete(db.dsl(), root.id(), 6_000)).isZero();

    Post deleted = posts.findById(db.dsl(), reply2.id()).orElseThrow();
    assertThat(deleted.deleteAt()).isEqualTo(5_000);
    assertThat(deleted.updateAt()).isEqualTo(5_000);
    assertThat(ids(posts.page(db.dsl(), channel, 0, 10))).containsExactly(unrelated.id());
    assertThat(posts.thread(db.dsl(), root.id())).isEmpty();
  }

  @Test
  void softDeletingAReplyLeavesTheThread() {
    String channel = newChannel();
    Post root = TestRecords.post(channel, author, 1_000, "root");
    Post reply = TestRecords.reply(channel, author, 2_000, "reply", root.id());
    posts.insert(db.dsl(), root);
    posts.insert(db.dsl(), reply);

    assertThat(posts.softDelete(db.dsl(), reply.id(), 5_000)).isEqualTo(1);
    assertThat(ids(posts.thread(db.dsl(), root.id()))).containsExactly(root.id());
  }

  @Test
  void findByIdsIncludesDeletedPostsNewestFirst() {
    String channel = newChannel();
    List<Post> p = newPosts(channel, 3);
    posts.softDelete(db.dsl(), p.get(2).id(), 9_000);

    assertThat(ids(posts.findByIds(db.dsl(), List.of(p.get(0).id(), p.get(2).id(), TestRecords.id()))))
        .containsExactly(p.get(2).id(), p.get(0).id());
    assertThat(posts.findByIds(db.dsl(), List.of())).isEmpty();
  }

  private static Post withMessage(Post post, String message, long at) {
    return new Post(post.id(), post.createAt(), at, at, 0, post.isPinned(), post.userId(), post.channelId(),
        post.rootId(), post.originalId(), message, post.type(), post.props(), post.hashtags(), post.fileIds(), "",
        0, 0, null, Map.of());
  }
}
