package chorus.management.testkit;

import chorus.persistence.db.ConnectionPools;
import chorus.persistence.db.EmbeddedDatabase;
import chorus.persistence.db.Migrations;
import chorus.protocol.config.SqlSettings;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real, migrated PostgreSQL per test class, started through the production classes, as
 * persistence's TestDatabase does (that one is not visible from this module). Register it as
 * a static {@code @RegisterExtension} field; tests of a class share it, so use unique ids.
 */
public final class MigratedDatabase implements BeforeAllCallback, AfterAllCallback {
  private Path directory;
  private EmbeddedDatabase database;
  private HikariDataSource dataSource;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    Path root = Files.createDirectories(Path.of("target", "test-databases"));
    directory = Files.createTempDirectory(root, context.getRequiredTestClass().getSimpleName() + "-");
    database = EmbeddedDatabase.start(directory, 20);
    dataSource = ConnectionPools.create("test", database.target(),
        new SqlSettings("postgres", "", List.of(), List.of(), 2, 4, 3_600_000, 300_000, 30, 5, 10_000));
    Migrations.migrate(dataSource);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      if (dataSource != null) {
        dataSource.close();
      }
    } finally {
      if (database != null) {
        database.close();
      }
      deleteRecursively(directory);
    }
  }

  public HikariDataSource dataSource() {
    return dataSource;
  }

  public DSLContext dsl() {
    return DSL.using(dataSource, SQLDialect.POSTGRES);
  }

  public static void deleteRecursively(Path path) {
    if (path == null || !Files.exists(path)) {
      return;
    }
    try (Stream<Path> files = Files.walk(path)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
