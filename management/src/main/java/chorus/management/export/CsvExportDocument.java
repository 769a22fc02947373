package chorus.management.export;

import chorus.persistence.export.ExportedPost;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code posts.csv} with Mattermost's 18 columns (RFC 4180 quoting, times in epoch ms). Post
 * Type is the post's type ({@code message} when empty), {@code attachment} / {@code deleted
 * attachment} for files, and, for Chorus's in-place edits, {@code edit}. User Type is always
 * {@code user}: Chorus has no bots.
 */
final class CsvExportDocument implements ExportDocument {
  static final List<String> HEADER = List.of("Post Creation Time", "Team Id", "Team Name", "Team Display Name", "Channel Id",
      "Channel Name", "Channel Display Name", "Channel Type", "User Id", "User Email", "Username", "Post Id", "Edited By Post Id",
      "Replied to Post Id", "Post Message", "Post Type", "User Type", "Previews Post Id");

  private final Writer out;

  CsvExportDocument(OutputStream out) throws IOException {
    this.out = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    row(HEADER);
  }

  @Override
  public String name() {
    return "posts.csv";
  }

  @Override
  public void write(List<ExportEvent> events) throws IOException {
    for (ExportEvent event : events) {
      ExportedPost p = event.post();
      row(List.of(Long.toString(event.time()), p.teamId(), p.teamName(), p.teamDisplayName(), p.channelId(), p.channelName(),
          p.channelDisplayName(), p.channelType(), p.userId(), p.userEmail(), p.username(), p.id(), "", p.rootId(),
          event.message(), postType(event), "user", ""));
    }
  }

  static String postType(ExportEvent event) {
    return switch (event.kind()) {
      case POST, DELETE -> event.post().type().isEmpty() ? "message" : event.post().type();
      case EDIT -> "edit";
      case ATTACHMENT -> "attachment";
      case DELETED_ATTACHMENT -> "deleted attachment";
    };
  }

  @Override
  public void finish() throws IOException {
    out.flush();
  }

  private void row(List<String> cells) throws IOException {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.write(quote(cells.get(i)));
    }
    out.write("\r\n");
  }

  static String quote(String cell) {
    String value = cell == null ? "" : cell;
    if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
      return value;
    }
    return '"' + value.replace("\"", "\"\"") + '"';
  }
}
