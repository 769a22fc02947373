package chorus.persistence;

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
import java.util.function.Function;
import java.util.stream.Stream;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real, migrated PostgreSQL per test class, started through the production classes
 * (EmbeddedDatabase, ConnectionPools, Migrations). Register it as
 * {@code @RegisterExtension static final TestDatabase db = new TestDatabase();} and use
 * unique ids in each test, since the tests of a class share the database.
 */
public final class TestDatabase implements BeforeAllCallback, AfterAllCallback {
  public static final int POOL_SIZE = 8;

  private Path directory;
  private EmbeddedDatabase database;
  private HikariDataSource dataSource;
  private String schemaVersion;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    Path root = Files.createDirectories(Path.of("target", "test-databases"));
    directory = Files.createTempDirectory(root, context.getRequiredTestClass().getSimpleName() + "-");
    database = EmbeddedDatabase.start(directory, 40);
    dataSource = ConnectionPools.create("test", database.target(), settings(POOL_SIZE));
    schemaVersion = Migrations.migrate(dataSource);
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

  public static SqlSettings settings(int maxOpenConns) {
    return new SqlSettings("postgres", "", List.of(), List.of(), 2, maxOpenConns, 3_600_000, 300_000, 30, 5, 10_000);
  }

  public HikariDataSource dataSource() {
    return dataSource;
  }

  public EmbeddedDatabase database() {
    return database;
  }

  public String schemaVersion() {
    return schemaVersion;
  }

  /** A context that takes a connection per statement (auto-commit). */
  public DSLContext dsl() {
    return DSL.using(dataSource, SQLDialect.POSTGRES);
  }

  /** Runs {@code work} in one transaction, as the persistence pool's writes do. */
  public <T> T transaction(Function<DSLContext, T> work) {
    return dsl().transactionResult(configuration -> work.apply(configuration.dsl()));
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
