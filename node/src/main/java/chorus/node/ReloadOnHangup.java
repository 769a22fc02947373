package chorus.node;

import chorus.protocol.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGHUP reloads the configuration, as operators expect of a Unix daemon (and as DESIGN.md
 * promises). The JDK has no public API for signals; {@code sun.misc.Signal} (module
 * jdk.unsupported) is the supported-in-practice way and is present on every JDK we run on.
 * A bad file is logged and changes nothing; the node keeps running on its current settings.
 */
final class ReloadOnHangup {
  private static final Logger log = LoggerFactory.getLogger(ReloadOnHangup.class);

  private ReloadOnHangup() {}

  static void install(ChorusNode node) {
    Signal.handle(new Signal("HUP"), signal -> {
      try {
        boolean changed = node.reloadConfig().changed();
        log.info("SIGHUP: configuration reloaded ({})", changed ? "changed" : "unchanged");
      } catch (ConfigException e) {
        log.error("SIGHUP: the configuration is invalid and was not applied: {}", e.getMessage());
      } catch (RuntimeException e) {
        log.error("SIGHUP: the new configuration could not be applied", e);
      }
    });
  }
}
