package chorus.node;

import chorus.persistence.pool.PersistencePool;
import chorus.protocol.config.ChorusConfig;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Map;

/**
 * The actor system's configuration: values that come from config.json injected over
 * {@code application.conf}. A single node binds its cluster transport to loopback on a free
 * port: it has no peers to talk to, so nothing should listen on the network for it.
 */
final class PekkoConfig {
  private PekkoConfig() {}

  static Config from(ChorusConfig config) {
    int workers = config.sqlSettings().maxOpenConns();
    Map<String, Object> injected = Map.of(
        "pekko.remote.artery.canonical.hostname", "127.0.0.1",
        "pekko.remote.artery.canonical.port", 0,
        "pekko.management.http.hostname", "127.0.0.1",
        "pekko.management.http.port", config.clusterSettings().managementPort());
    return ConfigFactory.parseMap(injected)
        .withFallback(PersistencePool.dispatcherConfig(workers))
        .withFallback(ConfigFactory.load());
  }
}
