package chorus.persistence.posts;

import chorus.persistence.db.JsonColumns;
import chorus.protocol.api.Post;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;

/**
 * The createPost transaction in two statements, so a post costs two round trips, the second of
 * which also commits ({@link #recordAndCommit}), instead of one per step. The statements are fixed SQL text: no query is built or rendered per
 * post (building and rendering them was a third of the node's CPU under load), and the driver
 * prepares each once per connection.
 *
 * <p>{@link #claim} is the post clock ({@code ChannelRepository.advancePostClock}) with the
 * access rule and the retry check folded into its WHERE clause: when it takes a tick, the
 * poster was a member of the live channel and had not used the {@code pending_post_id}; when it
 * takes none, nothing changed, and the caller works out why with the ordinary reads (which make
 * the right error or find the earlier post). {@link #record} then writes everything else the
 * post changes, still under the channel row's lock that the claim took.
 */
public final class PostWrites {
  /** The channel's fields a posted event carries. */
  public record ChannelFacts(String type, String displayName, String name, String teamId) {}

  /**
   * A taken tick: the post's create_at and event position, and what its event needs to say.
   *
   * @param mentioned the members the post mentions, the poster never among them
   */
  public record Slot(long createAt, long position, ChannelFacts channel, String senderUsername, List<String> mentioned) {}

  /**
   * Whom a post mentions as written: {@code usernames} (lowercase) and, with {@code everyone},
   * every member. In direct and group channels every other member is mentioned by any post.
   */
  public record MentionKeys(Set<String> usernames, boolean everyone) {
    public static final MentionKeys NONE = new MentionKeys(Set.of(), false);
  }

  /**
   * A reply's thread: the root's id and author. The reply's poster, the root's author and the
   * members it mentions follow the thread; the poster has read it up to the reply.
   */
  public record Reply(String rootId, String rootAuthorId) {}

  /** The post's event, rendered, at the position its slot took. */
  public record Event(String id, String event, String data, long position) {}

  /**
   * Whether the user (first parameter) already posted with the pending post id (second). It
   * repeats the predicate of the partial unique index on the two (pending_post_id <> ''): once
   * PostgreSQL uses a generic plan for the claim it cannot see that the bound id is not empty,
   * and without the predicate it scanned the whole posts table (5 ms at 20,000 posts) instead of
   * the index (0.06 ms).
   */
  static final String ALREADY_POSTED =
      "EXISTS (SELECT 1 FROM posts p WHERE p.user_id = ? AND p.pending_post_id = ? AND p.pending_post_id <> '')";

  private static final String CLAIM = """
      UPDATE channels c
         SET last_post_at = GREATEST(c.last_post_at + 1, ?),
             total_msg_count = c.total_msg_count + CASE WHEN ? THEN 1 ELSE 0 END,
             last_event_position = c.last_event_position + 1,
             total_msg_count_root = c.total_msg_count_root + CASE WHEN ? AND ? THEN 1 ELSE 0 END,
             last_root_post_at = CASE WHEN ? THEN GREATEST(c.last_post_at + 1, ?) ELSE c.last_root_post_at END
       WHERE c.id = ?
         AND (? OR (c.delete_at = 0 AND EXISTS (SELECT 1 FROM channel_members m WHERE m.channel_id = c.id AND m.user_id = ?)))
         AND (? = '' OR NOT %s)
      RETURNING c.last_post_at, c.last_event_position, c.type, c.display_name, c.name, c.team_id,
                (SELECT u.username FROM users u WHERE u.id = ?),
                CASE WHEN c.type IN ('D', 'G') OR ? OR cardinality(?::text[]) > 0 THEN
                  (SELECT coalesce(array_agg(m.user_id), '{}') FROM channel_members m JOIN users u ON u.id = m.user_id
                    WHERE m.channel_id = c.id AND m.user_id <> ?
                      AND (c.type IN ('D', 'G') OR ? OR u.username = ANY(?::text[])))
                ELSE '{}' END
      """.formatted(ALREADY_POSTED);

  // One statement: the CTEs and the final SELECT share its snapshot, and every membership change
  // of the channel waits for this transaction's lock on the channel row, so the members read are
  // exactly those at the post's position.
  private static final String RECORD = """
      WITH post AS (
        INSERT INTO posts (id, create_at, update_at, edit_at, delete_at, is_pinned, user_id, channel_id, root_id,
                           original_id, message, type, props, hashtags, file_ids, pending_post_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, ?)
      ), event AS (
        INSERT INTO channel_events (channel_id, position, id, event, subject_user_id, data)
        VALUES (?, ?, ?, ?, '', ?)
      ), mentioned AS (
        UPDATE channel_members
           SET mention_count = mention_count + 1, mention_count_root = mention_count_root + CASE WHEN ? THEN 1 ELSE 0 END,
               last_update_at = ?
         WHERE channel_id = ? AND user_id = ANY(?::text[])
      ), thread AS (
        INSERT INTO threads (post_id, channel_id, reply_count, last_reply_at, participants)
        SELECT ?, ?, 1, ?, jsonb_build_array(?::text) WHERE ? <> ''
        ON CONFLICT (post_id) DO UPDATE
           SET reply_count = threads.reply_count + 1,
               last_reply_at = GREATEST(threads.last_reply_at, excluded.last_reply_at),
               participants = (threads.participants - (excluded.participants ->> 0)) || excluded.participants
      ), followers AS (
        INSERT INTO thread_memberships (post_id, user_id, following, last_viewed, last_updated, unread_mentions)
        SELECT ?, f.user_id, true, f.viewed, ?, f.mentions
          FROM unnest(?::text[], ?::bigint[], ?::bigint[]) AS f(user_id, viewed, mentions)
        ON CONFLICT (post_id, user_id) DO UPDATE
           SET following = thread_memberships.following OR excluded.last_viewed > 0 OR excluded.unread_mentions > 0,
               last_viewed = GREATEST(thread_memberships.last_viewed, excluded.last_viewed),
               last_updated = excluded.last_updated,
               unread_mentions = CASE WHEN excluded.last_viewed > 0 THEN 0
                                      ELSE thread_memberships.unread_mentions + excluded.unread_mentions END
      ), viewed AS (
        UPDATE channel_members m
           SET last_viewed_at = GREATEST(?, c.last_post_at), msg_count = c.total_msg_count,
               msg_count_root = c.total_msg_count_root, mention_count = 0, mention_count_root = 0,
               urgent_mention_count = 0, last_update_at = ?
          FROM channels c
         WHERE c.id = m.channel_id AND m.channel_id = ? AND m.user_id = ?
      )
      SELECT user_id FROM channel_members WHERE channel_id = ? AND ?
      """;

  // Sent with RECORD in one round trip: the server runs both before it answers, skips the COMMIT
  // when RECORD fails (the error discards the rest up to the Sync), and the transaction then rolls
  // back as before. The driver, seeing the transaction ended, sends nothing for the caller's commit.
  private static final String RECORD_AND_COMMIT = RECORD + ";\nCOMMIT";

  /**
   * Takes the channel's next post-clock tick and event position for a post by {@code userId},
   * locking the channel's row until the transaction ends; counts the post ({@code rootPost}: as
   * a root post too).
   *
   * @param pendingPostId "" when the client sent none
   * @param mentions whom the message mentions; the members among them are read under the lock
   * @return empty, having changed nothing, when the channel does not exist or is archived, the
   *     user is not a member, or the user already posted with {@code pendingPostId}
   */
  public Optional<Slot> claim(DSLContext dsl, String channelId, String userId, String pendingPostId, long now,
      boolean rootPost, MentionKeys mentions) {
    return claim(dsl, channelId, userId, pendingPostId, now, rootPost, mentions, false, true);
  }

  /**
   * The tick of a system post ("joined the channel", "archived the channel"): written in the
   * transaction of the change it tells of, by its user, who may have just left the channel or
   * archived it, so neither membership nor the channel's state is asked.
   *
   * @param counted false for joins and leaves, which Mattermost leaves out of the channel's
   *     message count, so they never make a channel unread
   * @return empty only when the channel does not exist
   */
  public Optional<Slot> claimForSystemPost(DSLContext dsl, String channelId, String userId, long now, boolean counted) {
    return claim(dsl, channelId, userId, "", now, true, MentionKeys.NONE, true, counted);
  }

  private Optional<Slot> claim(DSLContext dsl, String channelId, String userId, String pendingPostId, long now,
      boolean rootPost, MentionKeys mentions, boolean systemPost, boolean counted) {
    return dsl.connectionResult(connection -> {
      try (PreparedStatement statement = connection.prepareStatement(CLAIM)) {
        int i = 0;
        statement.setLong(++i, now);
        statement.setBoolean(++i, counted);
        statement.setBoolean(++i, counted);
        statement.setBoolean(++i, rootPost);
        statement.setBoolean(++i, rootPost);
        statement.setLong(++i, now);
        statement.setString(++i, channelId);
        statement.setBoolean(++i, systemPost);
        statement.setString(++i, userId);
        statement.setString(++i, pendingPostId);
        statement.setString(++i, userId);
        statement.setString(++i, pendingPostId);
        statement.setString(++i, userId);
        Array usernames = connection.createArrayOf("text", mentions.usernames().toArray());
        statement.setBoolean(++i, mentions.everyone());
        statement.setArray(++i, usernames);
        statement.setString(++i, userId);
        statement.setBoolean(++i, mentions.everyone());
        statement.setArray(++i, usernames);
        try (ResultSet row = statement.executeQuery()) {
          if (!row.next()) {
            return Optional.empty();
          }
          return Optional.of(new Slot(row.getLong(1), row.getLong(2),
              new ChannelFacts(row.getString(3), row.getString(4), row.getString(5), row.getString(6)),
              Objects.requireNonNullElse(row.getString(7), ""), List.of((String[]) row.getArray(8).getArray())));
        }
      }
    });
  }

  /**
   * Inserts the post (its create_at from the slot) and its event, counts a mention for each
   * member in {@code mentioned}, marks the channel read for the poster, as Mattermost does, so
   * their own post is never unread to them, and reads the channel's members (the event's
   * audience) when asked to.
   *
   * @param now this node's clock; the view time is never before the post
   * @return the channel's members, or null when {@code readMembers} is false
   */
  public Set<String> record(DSLContext dsl, Post post, Event event, List<String> mentioned, Optional<Reply> reply, long now,
      boolean readMembers) {
    return record(dsl, RECORD, post, event, mentioned, reply, now, readMembers);
  }

  /**
   * As {@link #record}, and commits the transaction in the same round trip, one fewer per post:
   * for a caller whose transaction ends here. Nothing may follow it in the transaction, as it
   * would run after the commit, on its own.
   */
  public Set<String> recordAndCommit(DSLContext dsl, Post post, Event event, List<String> mentioned, Optional<Reply> reply,
      long now, boolean readMembers) {
    return record(dsl, RECORD_AND_COMMIT, post, event, mentioned, reply, now, readMembers);
  }

  private Set<String> record(DSLContext dsl, String sql, Post post, Event event, List<String> mentioned, Optional<Reply> reply,
      long now, boolean readMembers) {
    Followers followers = reply.map(r -> Followers.of(post, r.rootAuthorId(), mentioned)).orElse(Followers.NONE);
    String rootId = reply.map(Reply::rootId).orElse("");
    return dsl.connectionResult(connection -> {
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        int i = 0;
        statement.setString(++i, post.id());
        statement.setLong(++i, post.createAt());
        statement.setLong(++i, post.updateAt());
        statement.setLong(++i, post.editAt());
        statement.setLong(++i, post.deleteAt());
        statement.setBoolean(++i, post.isPinned());
        statement.setString(++i, post.userId());
        statement.setString(++i, post.channelId());
        statement.setString(++i, orEmpty(post.rootId()));
        statement.setString(++i, orEmpty(post.originalId()));
        statement.setString(++i, orEmpty(post.message()));
        statement.setString(++i, orEmpty(post.type()));
        statement.setString(++i, JsonColumns.object(post.props()).data());
        statement.setString(++i, orEmpty(post.hashtags()));
        statement.setString(++i, JsonColumns.array(post.fileIds()).data());
        statement.setString(++i, orEmpty(post.pendingPostId()));
        statement.setString(++i, post.channelId());
        statement.setLong(++i, event.position());
        statement.setString(++i, event.id());
        statement.setString(++i, event.event());
        statement.setString(++i, event.data());
        statement.setBoolean(++i, post.rootId() == null || post.rootId().isEmpty());
        statement.setLong(++i, now);
        statement.setString(++i, post.channelId());
        statement.setArray(++i, connection.createArrayOf("text", mentioned.toArray()));
        statement.setString(++i, rootId);
        statement.setString(++i, post.channelId());
        statement.setLong(++i, post.createAt());
        statement.setString(++i, post.userId());
        statement.setString(++i, rootId);
        statement.setString(++i, rootId);
        statement.setLong(++i, post.createAt());
        statement.setArray(++i, connection.createArrayOf("text", followers.userIds().toArray()));
        statement.setArray(++i, connection.createArrayOf("bigint", followers.viewed().toArray()));
        statement.setArray(++i, connection.createArrayOf("bigint", followers.mentions().toArray()));
        statement.setLong(++i, now);
        statement.setLong(++i, now);
        statement.setString(++i, post.channelId());
        statement.setString(++i, post.userId());
        statement.setString(++i, post.channelId());
        statement.setBoolean(++i, readMembers);
        Set<String> members = members(statement);
        return readMembers ? members : null;
      }
    });
  }

  private static Set<String> members(PreparedStatement statement) throws SQLException {
    Set<String> members = new HashSet<>();
    // execute, not executeQuery: with the COMMIT there are two results, the rows coming first.
    statement.execute();
    try (ResultSet rows = statement.getResultSet()) {
      while (rows.next()) {
        members.add(rows.getString(1));
      }
    }
    return members;
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }

  /**
   * The thread memberships a reply writes, one per user: the poster has read up to the reply
   * (a last view above 0, which also clears their mentions), the others keep theirs (0 cannot
   * lower it) and gain a mention if named. A membership written with a view or a mention
   * follows again, one written for the root's author alone keeps what its user chose.
   */
  private record Followers(List<String> userIds, List<Long> viewed, List<Long> mentions) {
    static final Followers NONE = new Followers(List.of(), List.of(), List.of());

    static Followers of(Post reply, String rootAuthorId, List<String> mentioned) {
      java.util.LinkedHashSet<String> users = new java.util.LinkedHashSet<>();
      users.add(reply.userId());
      users.add(rootAuthorId);
      users.addAll(mentioned);
      List<String> ids = new java.util.ArrayList<>();
      List<Long> viewed = new java.util.ArrayList<>();
      List<Long> mentions = new java.util.ArrayList<>();
      for (String user : users) {
        ids.add(user);
        viewed.add(user.equals(reply.userId()) ? reply.createAt() : 0L);
        mentions.add(mentioned.contains(user) ? 1L : 0L);
      }
      return new Followers(ids, viewed, mentions);
    }
  }
}
