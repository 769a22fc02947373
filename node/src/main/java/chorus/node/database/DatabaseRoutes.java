package chorus.node.database;

import chorus.node.http.ApiContext;
import chorus.node.http.ApiDirectives;
import chorus.persistence.datasources.DataSources;
import chorus.persistence.datasources.SourceStatus;
import chorus.persistence.maintenance.TableVacuum;
import chorus.persistence.maintenance.VacuumStatsRepository;
import chorus.persistence.pool.PersistencePool;
import chorus.persistence.pool.ReadPreference;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * System admins only:
 * <ul>
 *   <li>{@code POST /database/recycle}: Mattermost's "Recycle Database Connections": fresh pools
 *       to the same servers; requests running on the old pools finish first.
 *   <li>{@code GET /database/status}: a Chorus addition: every data source with its role, health,
 *       replication lag, query and error counts and pool usage, and each table's vacuum health
 *       on the primary. A primary that cannot answer leaves the tables out with the reason,
 *       and the sources are still shown: this is where an operator looks when it is down.
 * </ul>
 */
public final class DatabaseRoutes extends ApiDirectives {
  private final DataSources sources;
  private final PersistencePool pool;
  private final VacuumStatsRepository vacuumStats;
  private final Executor blocking;

  public DatabaseRoutes(
      ApiContext context, DataSources sources, PersistencePool pool, VacuumStatsRepository vacuumStats, Executor blocking) {
    super(context);
    this.sources = sources;
    this.pool = pool;
    this.vacuumStats = vacuumStats;
    this.blocking = blocking;
  }

  /**
   * The body of {@code GET /database/status}.
   *
   * @param tablesError why {@code tables} is empty although the schema has tables; empty otherwise
   */
  public record DatabaseStatus(long generation, List<SourceStatus> sources, List<TableVacuum> tables, String tablesError) {}

  public Route routes() {
    return pathPrefix("database", () -> concat(
        path("recycle", () -> post(() -> authenticated(caller -> {
          caller.requireSystemAdmin();
          return respondOk(recycle());
        }))),
        path("status", () -> get(() -> authenticated(caller -> {
          caller.requireSystemAdmin();
          return respondOk(status());
        })))));
  }

  private CompletionStage<DatabaseStatus> status() {
    return pool.read(ReadPreference.PRIMARY, vacuumStats::tables).handle((tables, failure) -> failure == null
        ? new DatabaseStatus(sources.generation(), sources.status(), tables, "")
        : new DatabaseStatus(sources.generation(), sources.status(), List.of(), rootMessage(failure)));
  }

  private static String rootMessage(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return String.valueOf(cause.getMessage());
  }

  private CompletionStage<Map<String, String>> recycle() {
    return CompletableFuture.supplyAsync(() -> {
      sources.recycle();
      return Map.of("status", "OK");
    }, blocking);
  }
}
