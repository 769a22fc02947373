package chorus.persistence.files;

import chorus.protocol.api.FileInfo;

/** A file_info row: the API's FileInfo plus where its bytes, thumbnail and preview are stored (empty when there is none). */
public record StoredFile(FileInfo info, String path, String thumbnailPath, String previewPath) {
  public boolean hasThumbnail() {
    return !thumbnailPath.isEmpty();
  }

  public boolean hasPreview() {
    return !previewPath.isEmpty();
  }
}
