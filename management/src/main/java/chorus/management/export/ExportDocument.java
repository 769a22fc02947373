package chorus.management.export;

import java.io.IOException;
import java.util.List;

/**
 * The main document of an export zip ({@code posts.csv} or {@code actiance_export.xml}),
 * written row by row in the order the posts are read (by channel, then creation).
 */
interface ExportDocument extends AutoCloseable {
  /** The entry's name in the zip. */
  String name();

  void write(List<ExportEvent> events) throws IOException;

  /** Ends the document; the stream it writes to stays open. */
  void finish() throws IOException;

  @Override
  default void close() {}
}
