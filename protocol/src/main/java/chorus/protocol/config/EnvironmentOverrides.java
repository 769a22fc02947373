package chorus.protocol.config;

import chorus.protocol.config.ConfigTree.Setting;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Applies {@code MM_<SECTION>_<SETTING>} environment variables, which win over the file,
 * as in Mattermost ({@code server/config/environment.go}): the section and setting are
 * matched case-insensitively, lists are split on spaces, and variables for sections or
 * settings Chorus does not implement are ignored. One deliberate difference: a value that
 * does not parse stops startup naming the variable, where Mattermost silently keeps the
 * file's value and leaves the operator wondering why the override had no effect.
 */
final class EnvironmentOverrides {
  static final String PREFIX = "MM_";
  /** Selects the config file (or, in Mattermost, a database store); it is not a setting. */
  static final String CONFIG_VARIABLE = "MM_CONFIG";

  private EnvironmentOverrides() {}

  /**
   * @param overridden the settings the environment set, e.g. {@code SqlSettings.DataSource};
   *     the System Console shows these as locked
   * @param ignored {@code MM_} variables that name no Chorus setting
   */
  record Result(List<String> overridden, List<String> ignored) {}

  static Result apply(ConfigTree tree, Map<String, String> environment) {
    List<String> overridden = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    // Sorted so that the lists, and the order of problems, do not depend on the map's order.
    for (Map.Entry<String, String> variable : new TreeMap<>(environment).entrySet()) {
      String name = variable.getKey();
      if (!name.startsWith(PREFIX) || name.equals(CONFIG_VARIABLE)) {
        continue;
      }
      Optional<Setting> setting = settingFor(tree, name.substring(PREFIX.length()));
      if (setting.isEmpty()) {
        ignored.add(name);
        continue;
      }
      try {
        tree.set(setting.get(), setting.get().type().parse(variable.getValue()));
        overridden.add(setting.get().path());
      } catch (IllegalArgumentException e) {
        problems.add(name + ": expected " + setting.get().type().description() + " for " + setting.get().path()
            + ", got \"" + variable.getValue() + "\"");
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new Result(List.copyOf(overridden), List.copyOf(ignored));
  }

  /** {@code SQLSETTINGS_DATASOURCE} → SqlSettings.DataSource. Chorus' sections are flat, so one {@code _} splits it. */
  private static Optional<Setting> settingFor(ConfigTree tree, String sectionAndField) {
    int underscore = sectionAndField.indexOf('_');
    if (underscore < 0) {
      return Optional.empty();
    }
    return tree.section(sectionAndField.substring(0, underscore))
        .flatMap(section -> tree.setting(section, sectionAndField.substring(underscore + 1)));
  }
}
