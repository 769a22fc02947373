package chorus.node.config;

import chorus.node.http.ApiContext;
import chorus.node.http.ApiDirectives;
import chorus.node.http.ApiException;
import chorus.protocol.config.ConfigException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code POST /config/reload} (system admins): re-reads config.json and the environment as
 * Mattermost's "Reload Configuration from Disk" does. The error message names the problem
 * (only admins can call this, so it tells nothing they may not know). An invalid file is a 400 naming the
 * setting and changes nothing; a change a component refuses (e.g. a new primary that cannot be
 * reached) is a 500 and changes nothing either. Reloading blocks (it may open connection
 * pools), so it runs on {@code blocking}, never on the HTTP dispatcher.
 */
public final class ConfigRoutes extends ApiDirectives {
  private static final String RELOAD_ERROR = "api.config.reload_config.app_error";

  private final LiveConfig config;
  private final Executor blocking;

  public ConfigRoutes(ApiContext context, LiveConfig config, Executor blocking) {
    super(context);
    this.config = config;
    this.blocking = blocking;
  }

  public Route routes() {
    return path(segment("config").slash("reload"), () -> post(() -> authenticated(caller -> {
      caller.requireSystemAdmin();
      return respondOk(reload());
    })));
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

  private static org.apache.pekko.http.javadsl.server.PathMatcher0 segment(String name) {
    return org.apache.pekko.http.javadsl.server.PathMatchers.segment(name);
  }
}
