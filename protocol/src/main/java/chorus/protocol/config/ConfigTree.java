package chorus.protocol.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Optional;

/**
 * The whole configuration as a JSON tree that starts as {@link ChorusConfig#defaults()} and
 * is then overlaid by the file and the environment. Because it starts complete, a partial
 * file is valid (Mattermost's {@code SetDefaults()} does the same), and the tree only ever
 * holds keys in their canonical spelling, so binding it cannot meet an unknown or
 * misspelt property. Lookups are case-insensitive: operators write {@code SiteURL},
 * {@code siteurl} or {@code SITEURL} and all mean the same setting.
 */
final class ConfigTree {
  private final ObjectNode root;

  private ConfigTree(ObjectNode root) {
    this.root = root;
  }

  static ConfigTree ofDefaults(ObjectMapper mapper) {
    return new ConfigTree(mapper.valueToTree(ChorusConfig.defaults()));
  }

  /** A tree that starts as {@code config} (a complete configuration) rather than the defaults. */
  static ConfigTree of(ChorusConfig config, ObjectMapper mapper) {
    return new ConfigTree(mapper.valueToTree(config));
  }

  /** The canonical name of the section called {@code name} in any letter case. */
  Optional<String> section(String name) {
    return keyIgnoringCase(root, name);
  }

  /** The setting called {@code field} (any case) in a section found by {@link #section}. */
  Optional<Setting> setting(String section, String field) {
    ObjectNode sectionNode = (ObjectNode) root.get(section);
    return keyIgnoringCase(sectionNode, field)
        .map(key -> new Setting(section, key, SettingType.of(sectionNode.get(key))));
  }

  void set(Setting setting, JsonNode value) {
    ((ObjectNode) root.get(setting.section())).set(setting.field(), value);
  }

  ObjectNode json() {
    return root;
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

  /** One known setting, named canonically, e.g. {@code SqlSettings.DataSource}. */
  record Setting(String section, String field, SettingType type) {
    String path() {
      return section + "." + field;
    }
  }
}
