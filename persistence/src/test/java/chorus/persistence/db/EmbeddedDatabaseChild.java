package chorus.persistence.db;

import java.nio.file.Path;

/**
 * Runs in a separate JVM for {@link EmbeddedDatabaseTest}: starts the embedded database,
 * commits a row, says it is ready and waits to be killed without closing anything.
 */
public final class EmbeddedDatabaseChild {
  static final String READY = "embedded database ready";

  private EmbeddedDatabaseChild() {}

  public static void main(String[] args) throws Exception {
    EmbeddedDatabase db = EmbeddedDatabase.start(Path.of(args[0]), 10);
    EmbeddedDatabaseTest.execute(db, "CREATE TABLE written_by_child (v text)", "INSERT INTO written_by_child VALUES ('committed')");
    System.out.println(READY);
    System.out.flush();
    // Blocks until the test kills this JVM; the server must be left running.
    System.in.read();
  }
}
