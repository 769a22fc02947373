package chorus.node.http;

import chorus.protocol.config.ChorusConfig;
import chorus.sharding.sessions.NodeSessions;
import java.util.function.Supplier;

/**
 * What every route file needs from the node. {@link #config()} is the configuration as it is
 * now: a route that reads it per request follows reloads and saves, one that keeps a value from
 * its constructor applies it only from the next start ({@code RestartSettings} lists those).
 */
public record ApiContext(Supplier<ChorusConfig> settings, ApiJsonResponses responses, NodeSessions sessions,
    ReadYourWrites readYourWrites) {

  public ChorusConfig config() {
    return settings.get();
  }
}
