package chorus.management.export;

import chorus.persistence.export.ExportedFile;
import chorus.persistence.export.ExportedPost;
import java.util.ArrayList;
import java.util.List;

/**
 * Which rows a post contributes to the export of the window {@code (from, to]}: each of its
 * moments (created, edited, deleted) that falls inside the window, once. Because consecutive
 * windows share only their boundary, and a boundary belongs to the earlier one, every moment
 * is exported by exactly one run.
 *
 * <p>Chorus edits a post in place and keeps no earlier versions, so a row shows the post's
 * text as it is when the export reads it; an edit row carries the text after the last edit.
 */
public final class ExportEvents {
  private ExportEvents() {}

  public static List<ExportEvent> of(ExportedPost post, List<ExportedFile> files, long from, long to) {
    List<ExportEvent> events = new ArrayList<>();
    if (inside(post.createAt(), from, to)) {
      events.add(new ExportEvent(ExportEvent.Kind.POST, post.createAt(), post, post.message(), null));
      for (ExportedFile file : files) {
        ExportEvent.Kind kind = file.deleteAt() > 0 ? ExportEvent.Kind.DELETED_ATTACHMENT : ExportEvent.Kind.ATTACHMENT;
        events.add(new ExportEvent(kind, post.createAt(), post, attachmentMessage(file), file));
      }
    }
    if (post.editAt() > 0 && post.editAt() != post.createAt() && inside(post.editAt(), from, to)) {
      events.add(new ExportEvent(ExportEvent.Kind.EDIT, post.editAt(), post, post.message(), null));
    }
    if (post.deleteAt() > 0 && inside(post.deleteAt(), from, to)) {
      events.add(new ExportEvent(ExportEvent.Kind.DELETE, post.deleteAt(), post, "delete " + post.message(), null));
      for (ExportedFile file : files) {
        events.add(new ExportEvent(ExportEvent.Kind.DELETED_ATTACHMENT, post.deleteAt(), post, attachmentMessage(file), file));
      }
    }
    return events;
  }

  static boolean inside(long time, long from, long to) {
    return time > from && time <= to;
  }

  private static String attachmentMessage(ExportedFile file) {
    return file.name() + " (" + ExportEvent.attachmentPath(file) + ")";
  }
}
