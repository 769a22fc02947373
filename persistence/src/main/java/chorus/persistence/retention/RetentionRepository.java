package chorus.persistence.retention;

import static chorus.persistence.jooq.Tables.CHANNELS;
import static chorus.persistence.jooq.Tables.FILE_INFO;
import static chorus.persistence.jooq.Tables.POSTS;

import chorus.persistence.jooq.tables.records.FileInfoRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jooq.DSLContext;

/**
 * The queries of data retention: find posts and files older than a cut-off, oldest first, in
 * batches, and delete them for good (Mattermost's retention deletes rows, it does not
 * soft-delete them). Posts are found channel by channel through the (channel_id, create_at)
 * index every channel page already uses, so retention needs no index of its own on posts;
 * files through file_info's create_at index.
 *
 * <p>Deleting the rows is all search and channel history need: the full-text column is part of
 * the posts row, and every post list reads the posts table. Replies newer than the cut-off
 * stay when their root goes, as in Mattermost: they are still within retention.
 */
public final class RetentionRepository {
  /** Channel ids after {@code afterId} in id order (deleted channels too: their posts expire as well). */
  public List<String> channelIdsAfter(DSLContext dsl, String afterId, int limit) {
    return dsl.select(CHANNELS.ID).from(CHANNELS).where(CHANNELS.ID.gt(afterId)).orderBy(CHANNELS.ID).limit(limit)
        .fetch(CHANNELS.ID);
  }

  /** How many channels there are (retention's progress goes channel by channel). */
  public int countChannels(DSLContext dsl) {
    return dsl.fetchCount(CHANNELS);
  }

  /** Up to {@code limit} ids of the channel's posts created before {@code cutoff}, oldest first. */
  public List<String> expiredPostIds(DSLContext dsl, String channelId, long cutoff, int limit) {
    return dsl.select(POSTS.ID).from(POSTS)
        .where(POSTS.CHANNEL_ID.eq(channelId)).and(POSTS.CREATE_AT.lt(cutoff))
        .orderBy(POSTS.CREATE_AT, POSTS.ID).limit(limit)
        .fetch(POSTS.ID);
  }

  /** Every file row of these posts, soft-deleted or not. */
  public List<ExpiredFile> filesOfPosts(DSLContext dsl, Collection<String> postIds) {
    if (postIds.isEmpty()) {
      return List.of();
    }
    return dsl.selectFrom(FILE_INFO).where(FILE_INFO.POST_ID.in(postIds)).orderBy(FILE_INFO.ID)
        .fetch(RetentionRepository::toExpired);
  }

  /** Up to {@code limit} file rows created before {@code cutoff}, oldest first, attached or not. */
  public List<ExpiredFile> expiredFiles(DSLContext dsl, long cutoff, int limit) {
    return dsl.selectFrom(FILE_INFO).where(FILE_INFO.CREATE_AT.lt(cutoff)).orderBy(FILE_INFO.CREATE_AT, FILE_INFO.ID).limit(limit)
        .fetch(RetentionRepository::toExpired);
  }

  /** Deletes the posts and the file rows attached to them; answers how many posts went. */
  public int deletePosts(DSLContext dsl, Collection<String> postIds) {
    if (postIds.isEmpty()) {
      return 0;
    }
    dsl.deleteFrom(FILE_INFO).where(FILE_INFO.POST_ID.in(postIds)).execute();
    return dsl.deleteFrom(POSTS).where(POSTS.ID.in(postIds)).execute();
  }

  public int deleteFiles(DSLContext dsl, Collection<String> fileIds) {
    if (fileIds.isEmpty()) {
      return 0;
    }
    return dsl.deleteFrom(FILE_INFO).where(FILE_INFO.ID.in(fileIds)).execute();
  }

  private static ExpiredFile toExpired(FileInfoRecord r) {
    List<String> keys = new ArrayList<>(3);
    for (String key : new String[] {r.getPath(), r.getThumbnailPath(), r.getPreviewPath()}) {
      if (key != null && !key.isEmpty()) {
        keys.add(key);
      }
    }
    return new ExpiredFile(r.getId(), List.copyOf(keys));
  }
}
