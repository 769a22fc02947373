package chorus.persistence.files;

import static chorus.persistence.jooq.Tables.FILE_INFO;

import chorus.persistence.jooq.tables.records.FileInfoRecord;
import chorus.protocol.api.FileInfo;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * Queries on {@code file_info}. A row is written only after its bytes are stored, so a row
 * always points at a readable file; {@code post_id} is empty until a post claims the file,
 * and a file is claimed at most once, by its uploader, for a post in the channel it was
 * uploaded to.
 */
public final class FileInfoRepository {
  public void insert(DSLContext dsl, StoredFile file) {
    FileInfo info = file.info();
    dsl.insertInto(FILE_INFO)
        .set(FILE_INFO.ID, info.id())
        .set(FILE_INFO.CREATOR_ID, info.userId())
        .set(FILE_INFO.POST_ID, info.postId() == null ? "" : info.postId())
        .set(FILE_INFO.CHANNEL_ID, info.channelId())
        .set(FILE_INFO.CREATE_AT, info.createAt())
        .set(FILE_INFO.UPDATE_AT, info.updateAt())
        .set(FILE_INFO.DELETE_AT, info.deleteAt())
        .set(FILE_INFO.PATH, file.path())
        .set(FILE_INFO.THUMBNAIL_PATH, file.thumbnailPath())
        .set(FILE_INFO.PREVIEW_PATH, file.previewPath())
        .set(FILE_INFO.NAME, info.name())
        .set(FILE_INFO.EXTENSION, info.extension())
        .set(FILE_INFO.SIZE, info.size())
        .set(FILE_INFO.MIME_TYPE, info.mimeType())
        .set(FILE_INFO.WIDTH, info.width())
        .set(FILE_INFO.HEIGHT, info.height())
        .set(FILE_INFO.HAS_PREVIEW_IMAGE, info.hasPreviewImage())
        .set(FILE_INFO.MINI_PREVIEW, info.miniPreview())
        .set(FILE_INFO.ARCHIVED, info.archived())
        .execute();
  }

  /** The file, deleted or not. */
  public Optional<StoredFile> findById(DSLContext dsl, String id) {
    return dsl.selectFrom(FILE_INFO).where(FILE_INFO.ID.eq(id)).fetchOptional(FileInfoRepository::toStoredFile);
  }

  /** The live files of these posts, oldest first. */
  public List<StoredFile> forPosts(DSLContext dsl, Collection<String> postIds) {
    if (postIds.isEmpty()) {
      return List.of();
    }
    return dsl.selectFrom(FILE_INFO)
        .where(FILE_INFO.POST_ID.in(postIds)).and(FILE_INFO.DELETE_AT.eq(0L))
        .orderBy(FILE_INFO.CREATE_AT, FILE_INFO.ID)
        .fetch(FileInfoRepository::toStoredFile);
  }

  /**
   * Claims the files among {@code ids} that {@code creatorId} uploaded to {@code channelId} and
   * no post has claimed yet; returns the claimed ones. Others are left alone, as Mattermost
   * drops file ids it cannot attach rather than failing the post.
   */
  public List<StoredFile> attach(DSLContext dsl, Collection<String> ids, String postId, String channelId, String creatorId, long now) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return dsl.update(FILE_INFO)
        .set(FILE_INFO.POST_ID, postId)
        .set(FILE_INFO.UPDATE_AT, now)
        .where(FILE_INFO.ID.in(ids))
        .and(FILE_INFO.POST_ID.eq(""))
        .and(FILE_INFO.CREATOR_ID.eq(creatorId))
        .and(FILE_INFO.CHANNEL_ID.eq(channelId))
        .and(FILE_INFO.DELETE_AT.eq(0L))
        .returning()
        .fetch()
        .map(FileInfoRepository::toStoredFile);
  }

  /** Soft-deletes a deleted post's files, as Mattermost does; the bytes stay for compliance and restores. */
  public int deleteForPost(DSLContext dsl, String postId, long now) {
    return dsl.update(FILE_INFO)
        .set(FILE_INFO.DELETE_AT, now)
        .set(FILE_INFO.UPDATE_AT, now)
        .where(FILE_INFO.POST_ID.eq(postId)).and(FILE_INFO.DELETE_AT.eq(0L))
        .execute();
  }

  /** Removes a row outright: only for an upload that failed after its row was written. */
  public void delete(DSLContext dsl, String id) {
    dsl.deleteFrom(FILE_INFO).where(FILE_INFO.ID.eq(id)).execute();
  }

  static StoredFile toStoredFile(FileInfoRecord r) {
    FileInfo info = new FileInfo(r.getId(), r.getCreatorId(), r.getPostId(), r.getChannelId(), r.getCreateAt(), r.getUpdateAt(),
        r.getDeleteAt(), r.getName(), r.getExtension(), r.getSize(), r.getMimeType(), r.getWidth(), r.getHeight(),
        r.getHasPreviewImage(), r.getMiniPreview(), "", r.getArchived());
    return new StoredFile(info, r.getPath(), r.getThumbnailPath(), r.getPreviewPath());
  }
}
