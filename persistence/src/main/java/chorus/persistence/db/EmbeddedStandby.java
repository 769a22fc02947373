package chorus.persistence.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * A hot standby of an {@link EmbeddedDatabase}, streaming WAL from it: the local stand-in for
 * a read or search replica (tests, benchmarks, a developer's HA stack). The zonky binaries
 * have no {@code pg_basebackup}, so the base backup is a hot copy of the primary's data
 * directory between {@code pg_backup_start} and {@code pg_backup_stop}, with a physical
 * replication slot created first so the primary keeps every WAL segment the standby still
 * needs. The standby listens on its own free port on 127.0.0.1.
 */
public final class EmbeddedStandby implements AutoCloseable {
  private static final Set<String> SKIPPED = Set.of("postmaster.pid", "postmaster.opts", "epg-lock");
  private static final Set<String> EMPTIED = Set.of("pg_wal", "pg_replslot");
  private static final Duration STARTUP_WAIT = Duration.ofMinutes(1);

  private final EmbeddedPostgres postgres;
  private final Path directory;
  private final String slot;

  private EmbeddedStandby(EmbeddedPostgres postgres, Path directory, String slot) {
    this.postgres = postgres;
    this.directory = directory;
    this.slot = slot;
  }

  /**
   * Copies {@code primary} into {@code directory} (which must not exist yet) and starts it
   * as a standby named {@code name} (also its replication slot's name; [a-z0-9_] only), with
   * the given {@link PostgresTuning} settings. A standby refuses to start with fewer
   * {@code max_connections} or {@code max_worker_processes} than its primary.
   */
  public static EmbeddedStandby start(
      EmbeddedDatabase primary, Path directory, String name, int maxConnections, Map<String, String> tuning) {
    if (!name.matches("[a-z0-9_]+")) {
      throw new IllegalArgumentException("a standby name is [a-z0-9_]+, got " + name);
    }
    try (Connection connection = DriverManager.getConnection(primary.jdbcUrl(), EmbeddedDatabase.USER, "");
        Statement statement = connection.createStatement()) {
      statement.execute("SELECT pg_create_physical_replication_slot('" + name + "', true)");
      statement.execute("SELECT pg_backup_start('" + name + "', true)");
      copy(primary.directory(), directory);
      try (ResultSet stop = statement.executeQuery("SELECT labelfile, spcmapfile FROM pg_backup_stop(false)")) {
        stop.next();
        Files.writeString(directory.resolve("backup_label"), stop.getString(1));
        String tablespaceMap = stop.getString(2);
        if (tablespaceMap != null && !tablespaceMap.isEmpty()) {
          Files.writeString(directory.resolve("tablespace_map"), tablespaceMap);
        }
      }
      Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
      Files.createFile(directory.resolve("standby.signal"));
      Files.writeString(directory.resolve("postgresql.auto.conf"),
          "\nprimary_conninfo = 'host=127.0.0.1 port=" + primary.port() + " user=" + EmbeddedDatabase.USER
              + " application_name=" + name + "'\nprimary_slot_name = '" + name + "'\n",
          java.nio.file.StandardOpenOption.APPEND);
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
          .setDataDirectory(directory)
          .setCleanDataDirectory(false)
          .setPGStartupWait(STARTUP_WAIT);
      tuning.forEach(builder::setServerConfig);
      EmbeddedPostgres postgres = builder
          .setServerConfig("listen_addresses", "127.0.0.1")
          .setServerConfig("hot_standby", "on")
          .setServerConfig("max_connections", Integer.toString(maxConnections))
          .start();
      return new EmbeddedStandby(postgres, directory, name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot take a base backup of " + primary.jdbcUrl() + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the standby in " + directory, e);
    }
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
  }

  /** Mattermost's form of this standby's address, for {@code DataSourceReplicas}. */
  public String dataSource() {
    return "postgres://" + EmbeddedDatabase.USER + "@127.0.0.1:" + postgres.getPort() + "/postgres?sslmode=disable";
  }

  public JdbcTarget target() {
    return new JdbcTarget(jdbcUrl(), EmbeddedDatabase.USER, "");
  }

  public int port() {
    return postgres.getPort();
  }

  public String slot() {
    return slot;
  }

  public Path directory() {
    return directory;
  }

  /**
   * Sets {@code recovery_min_apply_delay} (zero to lift it): the standby keeps receiving WAL but
   * replays each commit only after the delay, like a replica that has fallen behind. It takes
   * effect on a configuration reload, without a restart, a moment after this returns.
   */
  public void delayReplay(Duration delay) {
    execute("ALTER SYSTEM SET recovery_min_apply_delay = '" + delay.toMillis() + "ms'", "SELECT pg_reload_conf()");
  }

  /** Whether WAL has arrived that has waited more than {@code atLeast} to be replayed (a delay is in force). */
  public boolean isReplayHeldBack(Duration atLeast) {
    try (Connection connection = DriverManager.getConnection(jdbcUrl(), EmbeddedDatabase.USER, "");
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT pg_last_wal_receive_lsn() > pg_last_wal_replay_lsn() "
            + "AND clock_timestamp() - pg_last_xact_replay_timestamp() > interval '" + atLeast.toMillis() + " milliseconds'")) {
      row.next();
      return row.getBoolean(1);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot ask the standby in " + directory + ": " + e.getMessage(), e);
    }
  }

  /** Promotes the standby to a primary that accepts writes (failover); waits up to a minute. */
  public void promote() {
    execute("SELECT pg_promote(true, 60)");
  }

  private void execute(String... statements) {
    try (Connection connection = DriverManager.getConnection(jdbcUrl(), EmbeddedDatabase.USER, "");
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot run " + String.join("; ", statements) + " on the standby in " + directory
          + ": " + e.getMessage(), e);
    }
  }

  /** Stops the server with a fast shutdown (its sessions are terminated, as when a replica goes down). */
  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stop the standby in " + directory, e);
    }
  }

  /** A live copy: files may vanish while it runs (the backup label makes replay repair the rest). */
  private static void copy(Path from, Path to) throws IOException {
    Files.walkFileTree(from, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        Path target = to.resolve(from.relativize(dir).toString());
        Files.createDirectories(target);
        if (EMPTIED.contains(dir.getFileName().toString()) && !dir.equals(from)) {
          if (dir.getFileName().toString().equals("pg_wal")) {
            Files.createDirectories(target.resolve("archive_status"));
          }
          return FileVisitResult.SKIP_SUBTREE;
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (!SKIPPED.contains(file.getFileName().toString())) {
          try {
            Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
          } catch (NoSuchFileException vanished) {
            // Dropped or rewritten during the copy; WAL replay from the backup start recreates it.
          }
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
        if (e instanceof NoSuchFileException) {
          return FileVisitResult.CONTINUE;
        }
        throw e;
      }
    });
  }
}
