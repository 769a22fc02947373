package chorus.persistence.posts;

import static chorus.persistence.jooq.Tables.REACTIONS;

import chorus.persistence.jooq.tables.records.ReactionsRecord;
import chorus.protocol.api.Reaction;
import java.util.Collection;
import java.util.List;
import org.jooq.DSLContext;

/** Queries on {@code reactions}: one row per user, post and emoji. */
public final class ReactionRepository {

  /**
   * Stores the reaction, or touches its {@code update_at} when the user already reacted so, as
   * Mattermost's save does; the stored row comes back.
   */
  public Reaction save(DSLContext dsl, Reaction reaction) {
    return dsl.insertInto(REACTIONS)
        .set(REACTIONS.POST_ID, reaction.postId())
        .set(REACTIONS.USER_ID, reaction.userId())
        .set(REACTIONS.EMOJI_NAME, reaction.emojiName())
        .set(REACTIONS.CHANNEL_ID, reaction.channelId())
        .set(REACTIONS.CREATE_AT, reaction.createAt())
        .set(REACTIONS.UPDATE_AT, reaction.updateAt())
        .onConflict(REACTIONS.POST_ID, REACTIONS.USER_ID, REACTIONS.EMOJI_NAME)
        .doUpdate().set(REACTIONS.UPDATE_AT, reaction.updateAt())
        .returning()
        .fetchOne(ReactionRepository::toReaction);
  }

  /** True when the reaction existed. */
  public boolean delete(DSLContext dsl, String postId, String userId, String emojiName) {
    return dsl.deleteFrom(REACTIONS)
        .where(REACTIONS.POST_ID.eq(postId).and(REACTIONS.USER_ID.eq(userId)).and(REACTIONS.EMOJI_NAME.eq(emojiName)))
        .execute() > 0;
  }

  /** Whether anyone already reacted to the post with this emoji (such a reaction adds no new emoji). */
  public boolean emojiOnPost(DSLContext dsl, String postId, String emojiName) {
    return dsl.fetchExists(REACTIONS, REACTIONS.POST_ID.eq(postId).and(REACTIONS.EMOJI_NAME.eq(emojiName)));
  }

  /** How many different emojis the post has. */
  public int distinctEmojis(DSLContext dsl, String postId) {
    return dsl.fetchCount(dsl.selectDistinct(REACTIONS.EMOJI_NAME).from(REACTIONS).where(REACTIONS.POST_ID.eq(postId)));
  }

  /** The posts' reactions, oldest first. */
  public List<Reaction> forPosts(DSLContext dsl, Collection<String> postIds) {
    if (postIds.isEmpty()) {
      return List.of();
    }
    return dsl.selectFrom(REACTIONS).where(REACTIONS.POST_ID.in(postIds))
        .orderBy(REACTIONS.CREATE_AT, REACTIONS.USER_ID, REACTIONS.EMOJI_NAME)
        .fetch(ReactionRepository::toReaction);
  }

  private static Reaction toReaction(ReactionsRecord row) {
    return Reaction.of(row.getUserId(), row.getPostId(), row.getEmojiName(), row.getChannelId(), row.getCreateAt(),
        row.getUpdateAt());
  }
}
