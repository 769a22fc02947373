package chorus.node.config;

import chorus.node.http.ApiException;
import chorus.protocol.config.ChorusConfig;
import chorus.protocol.config.ConfigEdits;
import chorus.protocol.config.ConfigException;
import chorus.protocol.config.ConfigJson;
import chorus.protocol.config.LoadedConfig;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves a configuration sent to the config API, and adopts one saved on another node.
 *
 * <p>A save is Mattermost's: refused when the configuration is read-only
 * ({@code ClusterSettings.Enable} and {@code ClusterSettings.ReadOnlyConfig}, its
 * {@code FileStore.Set} rule); otherwise the settings it changes ({@link ConfigEdits}) are laid
 * over the config file, the result is checked with this node's environment exactly as start-up
 * checks it, the file is replaced atomically, and the node reloads. If the reload is refused (a
 * component cannot apply it, e.g. a new primary cannot be reached), the old file is put back,
 * so the file never holds a configuration the node is not running. The changed settings,
 * without {@code ClusterSettings} (they are per node, and not part of the config hash either),
 * then go to every other node, which writes them into its own file and reloads: its
 * environment overrides still win there.
 *
 * <p>Saves and adoptions are serialised (they read, change and write one file), and they block:
 * callers run them on the blocking dispatcher.
 */
public final class ConfigUpdates {
  private static final Logger log = LoggerFactory.getLogger(ConfigUpdates.class);
  /** Mattermost's id when the store is read-only ({@code ErrReadOnlyConfiguration}), with 403. */
  static final String READ_ONLY = "ent.cluster.save_config.error";
  static final String INVALID = "model.config.is_valid.app_error";
  static final String NO_FILE = "api.config.update_config.no_config_file.app_error";
  static final String CLEAR_SITE_URL = "api.config.update_config.clear_siteurl.app_error";
  static final String NOT_APPLIED = "app.save_config.app_error";

  /** What a save did: the configuration now, the settings it changed, and those of them that wait for a restart. */
  public record Saved(ChorusConfig config, ObjectNode changes, List<String> restartNeeded) {}

  private final LiveConfig live;
  private final Consumer<String> announceSaved;

  /** @param announceSaved sends the changed settings (a partial config.json, as JSON text) to the other nodes */
  public ConfigUpdates(LiveConfig live, Consumer<String> announceSaved) {
    this.live = Objects.requireNonNull(live, "live");
    this.announceSaved = Objects.requireNonNull(announceSaved, "announceSaved");
  }

  /** Whether the config API may change this configuration: Mattermost's rule, a read-only config in a cluster. */
  public static boolean readOnly(ChorusConfig config) {
    return config.clusterSettings().enable() && config.clusterSettings().readOnlyConfig();
  }

  /**
   * Saves {@code body} ({@code PUT /config} or {@code /config/patch}).
   *
   * @throws ApiException 403 when read-only, 400 for an invalid configuration or a node without
   *     a config file, 500 when the node refused to apply it (nothing changed then)
   */
  public synchronized Saved save(JsonNode body, ConfigEdits.Kind kind) {
    ChorusConfig current = live.current();
    if (readOnly(current)) {
      throw new ApiException(403, READ_ONLY, "The configuration is read-only: ClusterSettings.ReadOnlyConfig is true in this cluster. "
          + "Change config.json on each node and reload, or set ReadOnlyConfig to false there first.");
    }
    ConfigFile file = live.file().orElseThrow(() -> new ApiException(400, NO_FILE,
        "This node was started without a config file (from the environment or a ready-made configuration), so there is no "
            + "file to save the configuration to; start it with --config or MM_CONFIG."));
    try {
      LoadedConfig stored = file.load();
      ObjectNode content = file.content();
      ObjectNode changes = ConfigEdits.changes(body, kind, current, content, stored.environmentOverrides());
      if (!current.serviceSettings().siteUrl().isEmpty() && "".equals(changes.path("ServiceSettings").path("SiteURL").asText(null))) {
        throw new ApiException(400, CLEAR_SITE_URL, "The Site URL cannot be cleared.");
      }
      if (changes.isEmpty()) {
        return new Saved(current, changes, List.of());
      }
      ObjectNode next = ConfigEdits.apply(content, changes);
      file.check(next);
      LiveConfig.Reloaded reloaded = writeAndReload(file, content, next);
      ObjectNode shared = ConfigEdits.without(changes, "ClusterSettings");
      if (!shared.isEmpty()) {
        announceSaved.accept(shared.toString());
      }
      log.info("Configuration saved through the API: {}", String.join(", ", reloaded.changedSettings()));
      return new Saved(reloaded.config(), changes, reloaded.restartNeeded());
    } catch (ConfigException invalid) {
      throw new ApiException(400, INVALID, "The configuration is invalid: " + invalid.getMessage(), invalid.getMessage());
    }
  }

  /**
   * Writes the settings another node saved ({@code settings}, a partial config.json) into this
   * node's file and reloads. Nothing is written when this node has no file or its
   * configuration is read-only, or when the result would be invalid here; each case is logged.
   */
  public synchronized void adopt(String originNode, String settings) {
    try {
      if (live.file().isEmpty()) {
        log.warn("Node {} saved a configuration change, but this node has no config file to write it to; its configuration stays"
            + " as it is", originNode);
        return;
      }
      if (readOnly(live.current())) {
        log.warn("Node {} saved a configuration change, but this node's configuration is read-only"
            + " (ClusterSettings.ReadOnlyConfig); its config file stays as it is", originNode);
        return;
      }
      ConfigFile file = live.file().get();
      ObjectNode content = file.content();
      ObjectNode next = ConfigEdits.apply(content, (ObjectNode) ConfigJson.newMapper().readTree(settings));
      file.check(next);
      writeAndReload(file, content, next);
      log.info("Adopted the configuration change saved on node {}", originNode);
    } catch (JsonProcessingException | RuntimeException e) {
      log.error("Node {} saved a configuration change that this node could not adopt: {}", originNode, e.getMessage());
    }
  }

  private LiveConfig.Reloaded writeAndReload(ConfigFile file, ObjectNode previous, ObjectNode next) {
    file.write(next);
    try {
      return live.reload();
    } catch (ConfigException invalid) {
      file.write(previous);
      throw invalid;
    } catch (RuntimeException refused) {
      file.write(previous);
      throw new ApiException(500, NOT_APPLIED, "The new configuration could not be applied, so it was not saved: "
          + refused.getMessage(), refused.getMessage());
    }
  }
}
