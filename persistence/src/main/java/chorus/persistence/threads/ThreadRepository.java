package chorus.persistence.threads;

import chorus.persistence.db.JsonColumns;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Record;

/**
 * Reads and changes of {@code threads} and {@code thread_memberships} made outside a reply (a
 * reply writes both in its own statement: {@code PostWrites}). A user's threads are the ones
 * they follow, in channels they are still a member of, whose root post is not deleted; unread
 * replies are the others' live replies after the user's last view.
 */
public final class ThreadRepository {
  /** A followed thread as the user sees it. */
  public record UserThreadRow(String postId, String channelId, long replyCount, long lastReplyAt, List<String> participants,
      long lastViewed, long unreadReplies, long unreadMentions, boolean following) {}

  /** The counts the threads view shows in its header. */
  public record Totals(long total, long unreadThreads, long unreadMentions) {}

  private static final String USER_THREADS = """
      SELECT t.post_id, t.channel_id, t.reply_count, t.last_reply_at, t.participants,
             m.last_viewed, m.unread_mentions, m.following,
             (SELECT count(*) FROM posts p WHERE p.root_id = t.post_id AND p.delete_at = 0
                 AND p.create_at > m.last_viewed AND p.user_id <> m.user_id) AS unread_replies
        FROM thread_memberships m
        JOIN threads t ON t.post_id = m.post_id
        JOIN channels c ON c.id = t.channel_id
        JOIN channel_members cm ON cm.channel_id = c.id AND cm.user_id = m.user_id
        JOIN posts root ON root.id = t.post_id AND root.delete_at = 0
       WHERE m.user_id = ? AND (c.team_id = ? OR c.type IN ('D', 'G'))
      """;

  private static final String FOLLOWERS = """
      SELECT m.user_id, t.post_id, t.channel_id, t.reply_count, t.last_reply_at, t.participants,
             m.last_viewed, m.unread_mentions, m.following,
             (SELECT count(*) FROM posts p WHERE p.root_id = t.post_id AND p.delete_at = 0
                 AND p.create_at > m.last_viewed AND p.user_id <> m.user_id) AS unread_replies
        FROM thread_memberships m
        JOIN threads t ON t.post_id = m.post_id
        JOIN channel_members cm ON cm.channel_id = t.channel_id AND cm.user_id = m.user_id
       WHERE m.post_id = ? AND m.following
      """;

  /**
   * The user's followed threads in the team (and their direct and group channels), latest reply
   * first, at most {@code limit}, only those with unread replies when {@code unreadOnly}, and only
   * those whose last reply is older than {@code beforeLastReplyAt} when it is above 0.
   */
  public List<UserThreadRow> followed(DSLContext dsl, String userId, String teamId, boolean unreadOnly, long beforeLastReplyAt,
      int limit) {
    String sql = "SELECT * FROM (" + USER_THREADS + " AND m.following) x"
        + " WHERE (? = false OR x.unread_replies > 0 OR x.unread_mentions > 0) AND (? <= 0 OR x.last_reply_at < ?)"
        + " ORDER BY x.last_reply_at DESC, x.post_id DESC LIMIT ?";
    return dsl.fetch(sql, userId, teamId, unreadOnly, beforeLastReplyAt, beforeLastReplyAt, limit)
        .map(ThreadRepository::toRow);
  }

  /** One thread as the user sees it, followed or not, if the user has a membership of it. */
  public Optional<UserThreadRow> one(DSLContext dsl, String userId, String teamId, String postId) {
    return dsl.fetchOptional(USER_THREADS + " AND m.post_id = ?", userId, teamId, postId).map(ThreadRepository::toRow);
  }

  /** The thread as each of its followers sees it, by user id (followers who left the channel are left out). */
  public java.util.Map<String, UserThreadRow> asFollowersSeeIt(DSLContext dsl, String postId) {
    java.util.Map<String, UserThreadRow> byUser = new java.util.LinkedHashMap<>();
    dsl.fetch(FOLLOWERS, postId).forEach(r -> byUser.put(r.get("user_id", String.class), toRow(r)));
    return byUser;
  }

  public Totals totals(DSLContext dsl, String userId, String teamId) {
    Record row = dsl.fetchOne("SELECT count(*), count(*) FILTER (WHERE x.unread_replies > 0 OR x.unread_mentions > 0),"
        + " coalesce(sum(x.unread_mentions), 0) FROM (" + USER_THREADS + " AND m.following) x", userId, teamId);
    return new Totals(row.get(0, Long.class), row.get(1, Long.class), row.get(2, Long.class));
  }

  /** The channel of the thread rooted at the post, if the post has had a reply. */
  public Optional<String> channelOf(DSLContext dsl, String postId) {
    return dsl.fetchOptional("SELECT channel_id FROM threads WHERE post_id = ?", postId).map(r -> r.get(0, String.class));
  }

  /** The user has read the thread up to {@code viewedAt}: its mentions clear. */
  public void markRead(DSLContext dsl, String postId, String userId, long viewedAt, long now) {
    dsl.execute("""
        INSERT INTO thread_memberships (post_id, user_id, following, last_viewed, last_updated, unread_mentions)
        VALUES (?, ?, false, ?, ?, 0)
        ON CONFLICT (post_id, user_id) DO UPDATE
           SET last_viewed = excluded.last_viewed, last_updated = excluded.last_updated, unread_mentions = 0
        """, postId, userId, viewedAt, now);
  }

  /** Every thread the user follows in the team (and their direct and group channels) is read up to {@code now}. */
  public void markAllRead(DSLContext dsl, String userId, String teamId, long now) {
    dsl.execute("""
        UPDATE thread_memberships m SET last_viewed = ?, last_updated = ?, unread_mentions = 0
          FROM threads t JOIN channels c ON c.id = t.channel_id
         WHERE t.post_id = m.post_id AND m.user_id = ? AND m.following AND (c.team_id = ? OR c.type IN ('D', 'G'))
        """, now, now, userId, teamId);
  }

  public void setFollowing(DSLContext dsl, String postId, String userId, boolean following, long now) {
    dsl.execute("""
        INSERT INTO thread_memberships (post_id, user_id, following, last_viewed, last_updated, unread_mentions)
        VALUES (?, ?, ?, 0, ?, 0)
        ON CONFLICT (post_id, user_id) DO UPDATE SET following = excluded.following, last_updated = excluded.last_updated
        """, postId, userId, following, now);
  }

  /** A reply was deleted: the thread counts one fewer. */
  public void replyDeleted(DSLContext dsl, String rootId) {
    dsl.execute("UPDATE threads SET reply_count = GREATEST(reply_count - 1, 0) WHERE post_id = ?", rootId);
  }

  private static UserThreadRow toRow(Record r) {
    return new UserThreadRow(r.get("post_id", String.class), r.get("channel_id", String.class), r.get("reply_count", Long.class),
        r.get("last_reply_at", Long.class), JsonColumns.stringList(JSONB.valueOf(String.valueOf(r.get("participants")))),
        r.get("last_viewed", Long.class), r.get("unread_replies", Long.class), r.get("unread_mentions", Long.class),
        r.get("following", Boolean.class));
  }
}
