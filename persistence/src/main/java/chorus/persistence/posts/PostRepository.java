package chorus.persistence.posts;

import static chorus.persistence.jooq.Tables.POSTS;
import static chorus.persistence.jooq.Tables.THREADS;
import static java.util.Objects.requireNonNullElse;

import chorus.persistence.db.JsonColumns;
import chorus.persistence.jooq.tables.records.PostsRecord;
import chorus.protocol.api.Post;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectConditionStep;
import org.jooq.SelectJoinStep;
import org.jooq.SelectSeekStep2;
import org.jooq.impl.DSL;

/**
 * Queries on {@code posts}. Within a channel {@code create_at} is unique and increasing (the
 * channel's post clock hands it out), so ordering by it, with the id as a tie-breaker for
 * imported data, gives a stable order for paging and cursors. Reply counts and thread
 * participants are not computed here; they read as 0 and null.
 */
public final class PostRepository {
  /**
   * Every column but the search vector, which is large and only ever used in WHERE. The
   * pending_post_id is read too, but only the create answer carries it, as in Mattermost.
   */
  static final List<Field<?>> COLUMNS = java.util.stream.Stream.concat(
      Arrays.stream(POSTS.fields()).filter(field -> !field.getName().equals(POSTS.MESSAGE_TSV.getName())),
      java.util.stream.Stream.of(THREADS.REPLY_COUNT, THREADS.LAST_REPLY_AT)).toList();

  public void insert(DSLContext dsl, Post post) {
    dsl.insertInto(POSTS)
        .set(POSTS.ID, post.id())
        .set(POSTS.CREATE_AT, post.createAt())
        .set(POSTS.UPDATE_AT, post.updateAt())
        .set(POSTS.EDIT_AT, post.editAt())
        .set(POSTS.DELETE_AT, post.deleteAt())
        .set(POSTS.IS_PINNED, post.isPinned())
        .set(POSTS.USER_ID, post.userId())
        .set(POSTS.CHANNEL_ID, post.channelId())
        .set(POSTS.ROOT_ID, requireNonNullElse(post.rootId(), ""))
        .set(POSTS.ORIGINAL_ID, requireNonNullElse(post.originalId(), ""))
        .set(POSTS.MESSAGE, requireNonNullElse(post.message(), ""))
        .set(POSTS.TYPE, requireNonNullElse(post.type(), ""))
        .set(POSTS.PROPS, JsonColumns.object(post.props()))
        .set(POSTS.HASHTAGS, requireNonNullElse(post.hashtags(), ""))
        .set(POSTS.FILE_IDS, JsonColumns.array(post.fileIds()))
        .set(POSTS.PENDING_POST_ID, requireNonNullElse(post.pendingPostId(), ""))
        .execute();
  }

  /**
   * The post {@code userId} already created with this {@code pending_post_id} (a client's
   * retry of a create whose answer it lost), deleted or not.
   */
  public Optional<Post> findByPendingPostId(DSLContext dsl, String userId, String pendingPostId) {
    // The partial index's predicate, inline, as in PostWrites.ALREADY_POSTED: a generic plan needs it to use the index.
    return selectPosts(dsl).where(POSTS.USER_ID.eq(userId)).and(POSTS.PENDING_POST_ID.eq(pendingPostId))
        .and(POSTS.PENDING_POST_ID.ne(DSL.inline(""))).fetchOptional(PostRepository::toPost);
  }

  /** The post, deleted or not. */
  public Optional<Post> findById(DSLContext dsl, String id) {
    return selectPosts(dsl).where(POSTS.ID.eq(id)).fetchOptional(PostRepository::toPost);
  }

  /** The posts among {@code ids}, deleted ones included, newest first. */
  public List<Post> findByIds(DSLContext dsl, Collection<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return newestFirst(selectPosts(dsl).where(POSTS.ID.in(ids))).fetch(PostRepository::toPost);
  }

  /** A thread: the root post and its replies, not deleted, oldest first. */
  public List<Post> thread(DSLContext dsl, String rootId) {
    return selectPosts(dsl)
        .where(POSTS.ID.eq(rootId).or(POSTS.ROOT_ID.eq(rootId)))
        .and(POSTS.DELETE_AT.eq(0L))
        .orderBy(POSTS.CREATE_AT, POSTS.ID)
        .fetch(PostRepository::toPost);
  }

  /** The channel's pinned posts, not deleted, newest first. */
  public List<Post> pinned(DSLContext dsl, String channelId) {
    return newestFirst(live(dsl, channelId).and(POSTS.IS_PINNED.isTrue())).fetch(PostRepository::toPost);
  }

  /** Pins or unpins; the post's update time moves so clients catching up with {@code since} see it. */
  public void setPinned(DSLContext dsl, String postId, boolean pinned, long now) {
    dsl.update(POSTS).set(POSTS.IS_PINNED, pinned).set(POSTS.UPDATE_AT, now).where(POSTS.ID.eq(postId)).execute();
  }

  /** A page of the channel's posts, not deleted, newest first. */
  public List<Post> page(DSLContext dsl, String channelId, int offset, int limit) {
    return newestFirst(live(dsl, channelId)).offset(offset).limit(limit).fetch(PostRepository::toPost);
  }

  /**
   * Everything that changed in the channel after {@code time}: posts created, edited or
   * deleted since then (deleted ones included, so a client can remove them), newest first.
   */
  public List<Post> since(DSLContext dsl, String channelId, long time) {
    return newestFirst(selectPosts(dsl)
        .where(POSTS.CHANNEL_ID.eq(channelId))
        .and(POSTS.UPDATE_AT.gt(time).or(POSTS.CREATE_AT.gt(time))))
        .fetch(PostRepository::toPost);
  }

  /** Posts older than {@code createAt}, not deleted, newest first. */
  public List<Post> before(DSLContext dsl, String channelId, long createAt, int offset, int limit) {
    return newestFirst(live(dsl, channelId).and(POSTS.CREATE_AT.lt(createAt)))
        .offset(offset).limit(limit).fetch(PostRepository::toPost);
  }

  /** Posts newer than {@code createAt}, not deleted, OLDEST first, so a limit keeps the nearest ones. */
  public List<Post> after(DSLContext dsl, String channelId, long createAt, int offset, int limit) {
    return live(dsl, channelId).and(POSTS.CREATE_AT.gt(createAt))
        .orderBy(POSTS.CREATE_AT.asc(), POSTS.ID.asc())
        .offset(offset).limit(limit).fetch(PostRepository::toPost);
  }

  /** The id of the newest live post older than {@code createAt}: the "previous" cursor. */
  public Optional<String> idOfNewestBefore(DSLContext dsl, String channelId, long createAt) {
    return dsl.select(POSTS.ID).from(POSTS)
        .where(POSTS.CHANNEL_ID.eq(channelId)).and(POSTS.DELETE_AT.eq(0L)).and(POSTS.CREATE_AT.lt(createAt))
        .orderBy(POSTS.CREATE_AT.desc(), POSTS.ID.desc())
        .limit(1)
        .fetchOptional(POSTS.ID);
  }

  /** The id of the oldest live post newer than {@code createAt}: the "next" cursor. */
  public Optional<String> idOfOldestAfter(DSLContext dsl, String channelId, long createAt) {
    return dsl.select(POSTS.ID).from(POSTS)
        .where(POSTS.CHANNEL_ID.eq(channelId)).and(POSTS.DELETE_AT.eq(0L)).and(POSTS.CREATE_AT.gt(createAt))
        .orderBy(POSTS.CREATE_AT.asc(), POSTS.ID.asc())
        .limit(1)
        .fetchOptional(POSTS.ID);
  }

  /** Stores an edit: message, hashtags, pin, props, files and the edit/update times. */
  public void update(DSLContext dsl, Post post) {
    dsl.update(POSTS)
        .set(POSTS.MESSAGE, requireNonNullElse(post.message(), ""))
        .set(POSTS.HASHTAGS, requireNonNullElse(post.hashtags(), ""))
        .set(POSTS.IS_PINNED, post.isPinned())
        .set(POSTS.PROPS, JsonColumns.object(post.props()))
        .set(POSTS.FILE_IDS, JsonColumns.array(post.fileIds()))
        .set(POSTS.EDIT_AT, post.editAt())
        .set(POSTS.UPDATE_AT, post.updateAt())
        .where(POSTS.ID.eq(post.id()))
        .execute();
  }

  /**
   * Deletes a post and, if it is a thread root, its replies (Mattermost's soft delete:
   * {@code delete_at = update_at = now}). Already deleted posts keep their time.
   *
   * @return the number of posts deleted by this call
   */
  public int softDelete(DSLContext dsl, String postId, long now) {
    return dsl.update(POSTS)
        .set(POSTS.DELETE_AT, now)
        .set(POSTS.UPDATE_AT, now)
        .where(POSTS.ID.eq(postId).or(POSTS.ROOT_ID.eq(postId)))
        .and(POSTS.DELETE_AT.eq(0L))
        .execute();
  }

  /**
   * Full-text search, newest first. The from: and in: names in the terms are first resolved
   * to ids ({@link SearchResolver}), then one query runs ({@link PostSearchQuery}); see
   * {@link PostSearch} for the scope rules.
   */
  public List<Post> search(DSLContext dsl, PostSearch search) {
    if (search.terms().isEmpty() && search.fromUserIds().isEmpty() && search.inChannelIds().isEmpty()) {
      return List.of();
    }
    return SearchResolver.resolve(dsl, search)
        .map(scope -> PostSearchQuery.run(dsl, search, scope))
        .orElse(List.of());
  }

  /** Posts with their thread's reply count and last reply (a root's, and its replies' too, as Mattermost shows them). */
  static SelectJoinStep<Record> selectPosts(DSLContext dsl) {
    return dsl.select(COLUMNS).from(POSTS).leftJoin(THREADS)
        .on(THREADS.POST_ID.eq(DSL.when(POSTS.ROOT_ID.eq(""), POSTS.ID).otherwise(POSTS.ROOT_ID)));
  }

  private static SelectConditionStep<Record> live(DSLContext dsl, String channelId) {
    return selectPosts(dsl).where(POSTS.CHANNEL_ID.eq(channelId)).and(POSTS.DELETE_AT.eq(0L));
  }

  private static SelectSeekStep2<Record, Long, String> newestFirst(SelectConditionStep<Record> select) {
    return select.orderBy(POSTS.CREATE_AT.desc(), POSTS.ID.desc());
  }

  static Post toPost(Record record) {
    PostsRecord row = record.into(POSTS);
    return new Post(row.getId(), row.getCreateAt(), row.getUpdateAt(), row.getEditAt(), row.getDeleteAt(),
        row.getIsPinned(), row.getUserId(), row.getChannelId(), row.getRootId(), row.getOriginalId(),
        row.getMessage(), row.getType(), JsonColumns.objectMap(row.getProps()), row.getHashtags(),
        JsonColumns.stringList(row.getFileIds()), "", orZero(record.get(THREADS.REPLY_COUNT)),
        orZero(record.get(THREADS.LAST_REPLY_AT)), null, Map.of());
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }
}
