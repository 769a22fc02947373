package chorus.protocol.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Mattermost's FileInfo: an uploaded file's metadata. {@code userId} is the uploader;
 * {@code postId} stays empty until a post references the file. {@code miniPreview} is a tiny
 * JPEG (base64 in JSON) that clients blur while the real preview loads.
 */
public record FileInfo(
    String id,
    String userId,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) String postId,
    String channelId,
    long createAt,
    long updateAt,
    long deleteAt,
    String name,
    String extension,
    long size,
    String mimeType,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) int width,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) int height,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean hasPreviewImage,
    byte[] miniPreview,
    String remoteId,
    boolean archived) {

  public boolean isAttached() {
    return postId != null && !postId.isEmpty();
  }
}
