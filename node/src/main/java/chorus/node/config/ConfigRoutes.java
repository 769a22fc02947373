package chorus.node.config;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import chorus.node.http.ApiContext;
import chorus.node.http.ApiDirectives;
import chorus.node.http.ApiException;
import chorus.protocol.config.ConfigEdits;
import chorus.protocol.config.ConfigException;
import chorus.protocol.config.ConfigSecrets;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The config API, for system admins, as Mattermost's {@code api4/config.go}:
 *
 * <ul>
 *   <li>{@code GET /config}: the node's configuration as config.json holds it, secrets masked
 *       ({@link ConfigSecrets});
 *   <li>{@code PUT /config} (the whole configuration) and {@code PUT /config/patch} (only what
 *       changes): saved, applied and sent to every node ({@link ConfigUpdates}); the answer is
 *       the new configuration, masked, with {@code X-Chorus-Restart-Required} naming the changed
 *       settings that wait for a restart;
 *   <li>{@code POST /config/reload}: re-reads config.json and the environment, as Mattermost's
 *       "Reload Configuration from Disk" does.
 * </ul>
 *
 * Error messages name the problem (only admins can call these, so they tell nothing they may not
 * know). An invalid configuration is a 400 naming the setting and changes nothing; a change a
 * component refuses (e.g. a new primary that cannot be reached) is a 500 and changes nothing
 * either. Saving and reloading block (they write a file, may open connection pools), so they run
 * on {@code blocking}, never on the HTTP dispatcher.
 */
public final class ConfigRoutes extends ApiDirectives {
  private static final String RELOAD_ERROR = "api.config.reload_config.app_error";
  static final String RESTART_HEADER = "X-Chorus-Restart-Required";
  private static final HttpHeader NO_CACHE = RawHeader.create("Cache-Control", "no-cache, no-store, must-revalidate");

  private final LiveConfig config;
  private final ConfigUpdates updates;
  private final Executor blocking;

  public ConfigRoutes(ApiContext context, LiveConfig config, ConfigUpdates updates, Executor blocking) {
    super(context);
    this.config = config;
    this.updates = updates;
    this.blocking = blocking;
  }

  public Route routes() {
    return concat(
        path(segment("config").slash("reload"), () -> post(() -> authenticated(caller -> {
          caller.requireSystemAdmin();
          return respondOk(reload());
        }))),
        path(segment("config").slash("patch"), () -> put(() -> authenticated(caller -> {
          caller.requireSystemAdmin();
          return jsonBody(JsonNode.class, body -> respondWith(save(body, ConfigEdits.Kind.PATCH)));
        }))),
        path(segment("config"), () -> concat(
            get(() -> authenticated(caller -> {
              caller.requireSystemAdmin();
              return complete(responses.ok(ConfigSecrets.masked(config.current())).addHeader(NO_CACHE));
            })),
            put(() -> authenticated(caller -> {
              caller.requireSystemAdmin();
              return jsonBody(JsonNode.class, body -> respondWith(save(body, ConfigEdits.Kind.REPLACE)));
            })))));
  }

  private CompletionStage<HttpResponse> save(JsonNode body, ConfigEdits.Kind kind) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        ConfigUpdates.Saved saved = updates.save(body, kind);
        HttpResponse response = responses.ok(ConfigSecrets.masked(saved.config())).addHeader(NO_CACHE);
        return saved.restartNeeded().isEmpty() ? response
            : response.addHeader(RawHeader.create(RESTART_HEADER, String.join(",", saved.restartNeeded())));
      } catch (ApiException refused) {
        throw new CompletionException(refused);
      }
    }, blocking);
  }

  private CompletionStage<Map<String, String>> reload() {
    return CompletableFuture.supplyAsync(() -> {
      try {
        config.reload();
        return Map.of("status", "OK");
      } catch (ConfigException invalid) {
        throw new CompletionException(new ApiException(400, RELOAD_ERROR, "The configuration is invalid: " + invalid.getMessage(), invalid.getMessage()));
      } catch (RuntimeException refused) {
        throw new CompletionException(new ApiException(500, RELOAD_ERROR, "The new configuration could not be applied: " + refused.getMessage(),
            refused.getMessage()));
      }
    }, blocking);
  }
}
