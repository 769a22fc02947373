package chorus.persistence.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chorus.persistence.TestDatabase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EmbeddedDatabaseTest {
  private Path dataDir;

  @BeforeEach
  void createDataDir() throws Exception {
    dataDir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "test-databases")), "embedded-");
  }

  @AfterEach
  void deleteDataDir() {
    TestDatabase.deleteRecursively(dataDir);
  }

  @Test
  void dataSurvivesARestartOnTheSameDirectory() throws Exception {
    try (EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, 20)) {
      assertThat(db.directory()).isEqualTo(dataDir.toAbsolutePath().resolve("postgres"));
      assertThat(db.jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:");
      execute(db, "CREATE TABLE kept (v text)", "INSERT INTO kept VALUES ('still here')");
    }

    try (EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, 20)) {
      assertThat(queryString(db, "SELECT v FROM kept")).isEqualTo("still here");
      assertThat(queryString(db, "SHOW max_connections")).isEqualTo("20");
      assertThat(queryString(db, "SHOW synchronous_commit")).isEqualTo("on");
      assertThat(queryString(db, "SELECT current_setting('server_version_num')")).startsWith("17");
    }
  }

  @Test
  void aSecondServerOnALiveDirectoryIsRefused() {
    try (EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, 10)) {
      assertThatThrownBy(() -> EmbeddedDatabase.start(dataDir, 10))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("in use");
    }
  }

  /** A node killed with SIGKILL leaves its postmaster behind; the next start must cope. */
  @Test
  void startsAfterTheOwningProcessWasKilled() throws Exception {
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        "-Dot.epg.working-dir=" + System.getProperty("ot.epg.working-dir", "target/embedded-pg"),
        EmbeddedDatabaseChild.class.getName(),
        dataDir.toString());
    builder.redirectErrorStream(true);
    Process child = builder.start();
    try {
      BufferedReader output = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      String ready = CompletableFuture.supplyAsync(() -> readUntilReady(output)).get(120, TimeUnit.SECONDS);
      assertThat(ready).isEqualTo(EmbeddedDatabaseChild.READY);
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    try (EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, 10)) {
      assertThat(queryString(db, "SELECT v FROM written_by_child")).isEqualTo("committed");
    }
  }

  @Test
  void rejectsANonPositiveConnectionLimit() {
    assertThatThrownBy(() -> EmbeddedDatabase.start(dataDir, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  private static String readUntilReady(BufferedReader output) {
    try {
      for (String line = output.readLine(); line != null; line = output.readLine()) {
        if (line.equals(EmbeddedDatabaseChild.READY)) {
          return line;
        }
      }
      return "child exited before it was ready";
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static void execute(EmbeddedDatabase db, String... statements) throws SQLException {
    try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), EmbeddedDatabase.USER, "");
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  static String queryString(EmbeddedDatabase db, String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), EmbeddedDatabase.USER, "");
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      assertThat(rows.next()).isTrue();
      return rows.getString(1);
    }
  }
}
