package chorus.node.system;

import chorus.management.readiness.Readiness;
import chorus.node.http.ApiContext;
import chorus.node.http.ApiDirectives;
import chorus.node.http.ApiException;
import chorus.persistence.pool.PersistencePool;
import chorus.persistence.pool.ReadPreference;
import chorus.persistence.users.UserRepository;
import chorus.protocol.api.ServerLimits;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.StringUnmarshallers;

/** {@code /system/ping}, the client config and the client license: what a client reads before login. */
public final class SystemRoutes extends ApiDirectives {
  private static final String NO_CACHE = "no-cache, no-store, must-revalidate";

  private final HealthCheck health;
  private final ClientConfig clientConfig;
  private final PersistencePool pool;
  private final UserRepository users;
  private final Readiness readiness;

  public SystemRoutes(ApiContext context, HealthCheck health, ClientConfig clientConfig, PersistencePool pool, UserRepository users,
      Readiness readiness) {
    super(context);
    this.readiness = readiness;
    this.health = health;
    this.clientConfig = clientConfig;
    this.pool = pool;
    this.users = users;
  }

  public Route routes() {
    return concat(
        path(pathSegments("system", "ping"), () -> get(() ->
            parameterOptional(StringUnmarshallers.BOOLEAN, "get_server_status", deep ->
                parameterOptional(StringUnmarshallers.BOOLEAN, "use_rest_semantics", rest ->
                    respondWith(ping(deep.orElse(false), rest.orElse(false))))))),
        path(pathSegments("config", "client"), () -> get(() -> parameterOptional("format", format -> {
          requireOldFormat(format, "api.config.client.old_format.app_error");
          CompletionStage<HttpResponse> response = pool.read(ReadPreference.REPLICA, users::any)
              .thenApply(any -> responses.ok(clientConfig.render(!any)).addHeader(RawHeader.create("Cache-Control", NO_CACHE)));
          return respondWith(response);
        }))),
        path(pathSegments("license", "client"), () -> get(() -> parameterOptional("format", format -> {
          requireOldFormat(format, "api.license.client.old_format.app_error");
          return complete(responses.ok(Map.of("IsLicensed", "false")));
        }))),
        // Everyone, as in Mattermost 11 (its apps ask at start-up); the user count for system admins only.
        path(pathSegments("limits", "server"), () -> get(() -> authenticated(caller -> caller.isSystemAdmin()
            ? respondOk(pool.read(ReadPreference.PRIMARY, dsl -> ServerLimits.withActiveUsers(users.countActive(dsl))))
            : complete(responses.ok(ServerLimits.NONE))))));
  }

  private static org.apache.pekko.http.javadsl.server.PathMatcher0 pathSegments(String first, String second) {
    return org.apache.pekko.http.javadsl.server.PathMatchers.segment(first).slash(second);
  }

  private static void requireOldFormat(Optional<String> format, String missingId) {
    if (format.isEmpty()) {
      throw new ApiException(501, missingId, "New format for the client configuration is not supported yet. Please specify format=old.");
    }
    if (!"old".equals(format.get())) {
      throw ApiException.invalidUrlParam("format");
    }
  }

  /**
   * Plain ping never touches the database (load balancers call it constantly); the deep form
   * checks the database and the file store and copies the verdicts into headers. Unhealthy is a 500 unless the client asked
   * for REST semantics, as Mattermost does. A node that is not ready (still starting, or
   * draining before it stops) answers UNHEALTHY with 503, so that a load balancer's health
   * check takes it out of rotation before it closes anything.
   */
  private CompletionStage<HttpResponse> ping(boolean deep, boolean restSemantics) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "OK");
    for (String key : List.of("AndroidLatestVersion", "AndroidMinVersion", "IosLatestVersion", "IosMinVersion")) {
      body.put(key, "");
    }
    body.put("ActiveSearchBackend", "database");
    if (!readiness.isReady()) {
      body.put("status", "UNHEALTHY");
      return java.util.concurrent.CompletableFuture.completedFuture(responses.json(restSemantics ? 200 : 503, body));
    }
    if (!deep) {
      return java.util.concurrent.CompletableFuture.completedFuture(responses.ok(body));
    }
    return health.databaseHealthy().thenCombine(health.fileStoreHealthy(), (database, files) -> {
      String databaseVerdict = database ? "OK" : "UNHEALTHY";
      String filesVerdict = files ? "OK" : "UNHEALTHY";
      String verdict = database && files ? "OK" : "UNHEALTHY";
      body.put("status", verdict);
      body.put("database_status", databaseVerdict);
      body.put("filestore_status", filesVerdict);
      int status = database && files || restSemantics ? 200 : 500;
      return responses.json(status, body).addHeaders(List.of(RawHeader.create("status", verdict),
          RawHeader.create("database_status", databaseVerdict), RawHeader.create("filestore_status", filesVerdict)));
    });
  }
}
