package chorus.protocol.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

public record Post(
    String id,
    long createAt,
    long updateAt,
    long editAt,
    long deleteAt,
    boolean isPinned,
    String userId,
    String channelId,
    String rootId,
    String originalId,
    String message,
    String type,
    Map<String, Object> props,
    String hashtags,
    List<String> fileIds,
    String pendingPostId,
    long replyCount,
    long lastReplyAt,
    List<User> participants,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> metadata) {

  /** Longest message Mattermost accepts (its MaxPostSize for the default schema). */
  public static final int MAX_MESSAGE_RUNES = 16383;

  /** Mattermost caps a post's attachments at 10 files. */
  public static final int MAX_FILES = 10;

  public Post withMetadata(Map<String, Object> newMetadata) {
    return new Post(id, createAt, updateAt, editAt, deleteAt, isPinned, userId, channelId, rootId, originalId,
        message, type, props, hashtags, fileIds, pendingPostId, replyCount, lastReplyAt, participants, newMetadata);
  }

  public Post withPendingPostId(String pending) {
    return new Post(id, createAt, updateAt, editAt, deleteAt, isPinned, userId, channelId, rootId, originalId,
        message, type, props, hashtags, fileIds, pending, replyCount, lastReplyAt, participants, metadata);
  }
}
