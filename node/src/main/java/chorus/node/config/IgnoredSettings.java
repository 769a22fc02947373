package chorus.node.config;

import chorus.protocol.config.ChorusConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The settings Chorus parses and validates but does not act on yet. Start-up names, in one
 * warning, each of them that the operator set away from Mattermost's default: such a value
 * asks for something (metrics) that this node will not do, and it must
 * not look as if it does. Settings left at their defaults ask for nothing and stay quiet.
 *
 * <p>Keep this list in step with the README's "parsed but not acted on" paragraph: a setting
 * leaves it in the change that makes the node act on it.
 */
public final class IgnoredSettings {
  private IgnoredSettings() {}

  /** Each ignored setting whose value differs from the default, as {@code Section.Setting=value}. */
  public static List<String> setIn(ChorusConfig config) {
    List<String> set = new ArrayList<>();
    // None today: ClusterSettings.ReadOnlyConfig, the last one, now blocks the config API. A
    // setting parsed before it is acted on is added here with add(), against ChorusConfig.defaults().
    return List.copyOf(set);
  }

  /** The one start-up warning, or empty when no ignored setting was changed. */
  public static Optional<String> warning(ChorusConfig config) {
    List<String> set = setIn(config);
    if (set.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of("Settings parsed but not acted on by Chorus (they have no effect on this node): " + String.join(", ", set));
  }

  private static void add(List<String> set, String name, Object value, Object defaultValue) {
    if (!Objects.equals(value, defaultValue)) {
      set.add(name + "=" + value);
    }
  }
}
