package chorus.persistence.db;

import chorus.persistence.db.PostgresTuning.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A primary with streaming hot standbys on this host, all from the embedded binaries, under
 * one directory: the stand-in for a replicated PostgreSQL in tests, benchmarks and a
 * developer's local HA stack. Standbys are copied from the primary as it is when they are
 * started, and follow it from then on. {@link #close} stops every server that still runs.
 */
public final class LocalReplicaSet implements AutoCloseable {
  private final EmbeddedDatabase primary;
  private final List<EmbeddedStandby> replicas;
  private final List<EmbeddedStandby> searchReplicas;

  private LocalReplicaSet(EmbeddedDatabase primary, List<EmbeddedStandby> replicas, List<EmbeddedStandby> searchReplicas) {
    this.primary = primary;
    this.replicas = replicas;
    this.searchReplicas = searchReplicas;
  }

  /** Starts the primary in {@code directory/postgres} and standbys {@code replicaN} and {@code searchN} beside it. */
  public static LocalReplicaSet start(Path directory, int replicas, int searchReplicas, int maxConnections) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int standbys = replicas + searchReplicas;
    EmbeddedDatabase primary = EmbeddedDatabase.start(directory, maxConnections, PostgresTuning.embedded(Role.PRIMARY, standbys), true);
    Map<String, String> standbyTuning = PostgresTuning.embedded(Role.REPLICA, standbys);
    List<EmbeddedStandby> started = new ArrayList<>();
    try {
      List<EmbeddedStandby> read = new ArrayList<>();
      for (int i = 0; i < replicas; i++) {
        EmbeddedStandby standby =
            EmbeddedStandby.start(primary, directory.resolve("replica" + i), "replica" + i, maxConnections, standbyTuning);
        started.add(standby);
        read.add(standby);
      }
      List<EmbeddedStandby> search = new ArrayList<>();
      for (int i = 0; i < searchReplicas; i++) {
        EmbeddedStandby standby =
            EmbeddedStandby.start(primary, directory.resolve("search" + i), "search" + i, maxConnections, standbyTuning);
        started.add(standby);
        search.add(standby);
      }
      return new LocalReplicaSet(primary, read, search);
    } catch (RuntimeException e) {
      started.forEach(LocalReplicaSet::stopQuietly);
      primary.close();
      throw e;
    }
  }

  public EmbeddedDatabase primary() {
    return primary;
  }

  public List<EmbeddedStandby> replicas() {
    return replicas;
  }

  public List<EmbeddedStandby> searchReplicas() {
    return searchReplicas;
  }

  /** Mattermost's form of the primary's address, for {@code SqlSettings.DataSource}. */
  public String primaryDataSource() {
    return "postgres://" + EmbeddedDatabase.USER + "@127.0.0.1:" + primary.port() + "/postgres?sslmode=disable";
  }

  @Override
  public void close() {
    replicas.forEach(LocalReplicaSet::stopQuietly);
    searchReplicas.forEach(LocalReplicaSet::stopQuietly);
    try {
      primary.close();
    } catch (RuntimeException alreadyStopped) {
      // Stopped on purpose (a failover test or drill); nothing left to stop.
    }
  }

  private static void stopQuietly(EmbeddedStandby standby) {
    try {
      standby.close();
    } catch (RuntimeException alreadyStopped) {
      // Stopped on purpose (a failover test or drill); nothing left to stop.
    }
  }
}
