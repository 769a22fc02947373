package chorus.node.config;

import chorus.protocol.config.ChorusConfig;
import chorus.protocol.config.ConfigHash;
import java.util.function.Supplier;

/**
 * The config hash of the configuration the node runs now (cluster status {@code config_hash},
 * {@code X-Version-Id}): recomputed once per change, so that a node whose configuration
 * changed, or did not, shows at once in the System Console's comparison. Hashing is cheap but
 * not free; most calls only compare the current configuration with the last one hashed.
 */
public final class LiveConfigHash implements Supplier<String> {
  private final LiveConfig live;
  private ChorusConfig hashed;
  private String hash;

  public LiveConfigHash(LiveConfig live) {
    this.live = live;
  }

  @Override
  public synchronized String get() {
    ChorusConfig current = live.current();
    if (current != hashed) {
      hash = ConfigHash.hash(current);
      hashed = current;
    }
    return hash;
  }
}
