package chorus.protocol.config;

import chorus.protocol.config.ConfigTree.Setting;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lays the settings of a {@code config.json} tree over the defaults. A JSON {@code null}
 * keeps the default, as Mattermost's nil pointers do. Sections and settings Chorus does
 * not implement are skipped and listed, because a real Mattermost config has dozens of
 * them and must still load; a known setting with a value of the wrong type is an error.
 */
final class FileOverlay {
  private FileOverlay() {}

  /** Applies {@code file} to {@code tree}; returns the keys it ignored, e.g. {@code EmailSettings}. */
  static List<String> apply(ConfigTree tree, JsonNode file) {
    List<String> ignored = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : file.properties()) {
      Optional<String> section = tree.section(entry.getKey());
      JsonNode settings = entry.getValue();
      if (section.isEmpty()) {
        ignored.add(entry.getKey());
      } else if (settings.isObject()) {
        applySection(tree, section.get(), settings, ignored, problems);
      } else if (!settings.isNull()) {
        problems.add(section.get() + ": expected an object of settings, got " + settings);
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return ignored;
  }

  private static void applySection(ConfigTree tree, String section, JsonNode settings, List<String> ignored, List<String> problems) {
    for (Map.Entry<String, JsonNode> entry : settings.properties()) {
      Optional<Setting> setting = tree.setting(section, entry.getKey());
      JsonNode value = entry.getValue();
      if (setting.isEmpty()) {
        ignored.add(section + "." + entry.getKey());
      } else if (setting.get().type().accepts(value)) {
        tree.set(setting.get(), value);
      } else if (!value.isNull()) {
        problems.add(setting.get().path() + ": expected " + setting.get().type().description() + ", got " + value);
      }
    }
  }
}
