package chorus.management.export;

import chorus.persistence.export.ExportedFile;
import chorus.persistence.export.ExportedPost;

/**
 * One thing that happened to a post inside an export window, as a row of the export: the
 * post itself, an edit, a deletion, or one of its attachments. {@code file} is null unless the
 * kind is an attachment.
 */
public record ExportEvent(Kind kind, long time, ExportedPost post, String message, ExportedFile file) {
  public enum Kind { POST, EDIT, DELETE, ATTACHMENT, DELETED_ATTACHMENT }

  /** Where an attachment's bytes sit in the zip, as Mattermost lays them out. */
  public static String attachmentPath(ExportedFile file) {
    return "files/" + file.postId() + "/" + file.id() + "-" + chorus.persistence.files.FileKeys.safeSegment(file.name());
  }
}
