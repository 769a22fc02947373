package chorus.node.database;

import chorus.node.http.ApiContext;
import chorus.node.http.ApiDirectives;
import chorus.persistence.datasources.DataSources;
import chorus.persistence.datasources.SourceStatus;
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
 *       replication lag, query and error counts and pool usage.
 * </ul>
 */
public final class DatabaseRoutes extends ApiDirectives {
  private final DataSources sources;
  private final Executor blocking;

  public DatabaseRoutes(ApiContext context, DataSources sources, Executor blocking) {
    super(context);
    this.sources = sources;
    this.blocking = blocking;
  }

  /** The body of {@code GET /database/status}. */
  public record DatabaseStatus(long generation, List<SourceStatus> sources) {}

  public Route routes() {
    return pathPrefix("database", () -> concat(
        path("recycle", () -> post(() -> authenticated(caller -> {
          caller.requireSystemAdmin();
          return respondOk(recycle());
        }))),
        path("status", () -> get(() -> authenticated(caller -> {
          caller.requireSystemAdmin();
          return respondOk(CompletableFuture.completedFuture(new DatabaseStatus(sources.generation(), sources.status())));
        })))));
  }

  private CompletionStage<Map<String, String>> recycle() {
    return CompletableFuture.supplyAsync(() -> {
      sources.recycle();
      return Map.of("status", "OK");
    }, blocking);
  }
}
