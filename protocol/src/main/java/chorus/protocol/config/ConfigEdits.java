package chorus.protocol.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a config API request into the settings it changes in the stored config file, and lays
 * such changes over a file. The rules are Mattermost's: {@code PUT /config} sends a whole
 * configuration (what it leaves out takes the default), {@code PUT /config/patch} only what
 * changes; a masked secret keeps the secret ({@link ConfigSecrets}); a setting the environment
 * overrides keeps its stored value, because the environment wins anyway and must not be
 * copied into the file ({@code RemoveEnvironmentOverrides}). Sections and settings Chorus does
 * not know are ignored in a request and kept untouched in the file, as when loading.
 */
public final class ConfigEdits {
  /** How a request's body is read. */
  public enum Kind {
    /** The whole configuration: a setting left out takes its default. */
    REPLACE,
    /** Only the settings sent change. */
    PATCH
  }

  private ConfigEdits() {}

  /**
   * The settings the request changes in the stored configuration, as a partial config
   * document {@code {"Section": {"Setting": value}}}; empty when it changes nothing.
   *
   * @param body the request's config JSON
   * @param current the node's configuration now (file and environment)
   * @param file the config file's content
   * @param environmentOverrides the settings the environment sets, e.g. {@code SqlSettings.DataSource}
   * @throws ConfigException naming each setting of the wrong type
   */
  public static ObjectNode changes(JsonNode body, Kind kind, ChorusConfig current, ObjectNode file,
      List<String> environmentOverrides) {
    if (body == null || !body.isObject()) {
      throw new ConfigException("expected a JSON object with settings sections, e.g. {\"ServiceSettings\": {...}}");
    }
    ObjectMapper mapper = ConfigJson.newMapper();
    ConfigTree wanted = kind == Kind.REPLACE ? ConfigTree.ofDefaults(mapper) : ConfigTree.of(current, mapper);
    FileOverlay.apply(wanted, body);
    ConfigSecrets.unmask(wanted.json(), current);
    ConfigTree stored = ConfigTree.ofDefaults(mapper);
    FileOverlay.apply(stored, file);
    for (String overridden : environmentOverrides) {
      String[] path = overridden.split("\\.", 2);
      wanted.json().withObjectProperty(path[0]).set(path[1], stored.json().get(path[0]).get(path[1]));
    }
    return ConfigDiff.changes(stored.json(), wanted.json());
  }

  /**
   * {@code file} with {@code changes} laid over it: a setting already in the file is replaced
   * (whatever the letter case of its key), a new one is added with Mattermost's spelling, and
   * everything else (formatting aside) stays as it was.
   */
  public static ObjectNode apply(ObjectNode file, ObjectNode changes) {
    ObjectNode result = file.deepCopy();
    for (Map.Entry<String, JsonNode> section : changes.properties()) {
      String sectionKey = keyIgnoringCase(result, section.getKey()).orElse(section.getKey());
      if (!(result.get(sectionKey) instanceof ObjectNode)) {
        result.putObject(sectionKey);
      }
      ObjectNode settings = (ObjectNode) result.get(sectionKey);
      for (Map.Entry<String, JsonNode> setting : section.getValue().properties()) {
        keyIgnoringCase(settings, setting.getKey()).filter(key -> !key.equals(setting.getKey())).ifPresent(settings::remove);
        settings.set(setting.getKey(), setting.getValue());
      }
    }
    return result;
  }

  /** {@code changes} without the settings of {@code section} (e.g. ClusterSettings, which stay per node). */
  public static ObjectNode without(ObjectNode changes, String section) {
    ObjectNode result = changes.deepCopy();
    result.remove(section);
    return result;
  }

  private static Optional<String> keyIgnoringCase(ObjectNode node, String name) {
    for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (key.equalsIgnoreCase(name)) {
        return Optional.of(key);
      }
    }
    return Optional.empty();
  }
}
