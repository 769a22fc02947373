package chorus.protocol.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which settings differ between two configurations, compared setting by setting in
 * config.json's shape. Numbers compare by value: {@code 5} read from a request and
 * {@code 5L} from a record are the same setting.
 */
public final class ConfigDiff {
  private ConfigDiff() {}

  /** The settings whose values differ, as {@code Section.Setting}, in config order. */
  public static List<String> changedSettings(ChorusConfig before, ChorusConfig after) {
    ObjectMapper mapper = ConfigJson.newMapper();
    List<String> changed = new ArrayList<>();
    changes(mapper.valueToTree(before), mapper.valueToTree(after)).properties().forEach(section ->
        section.getValue().fieldNames().forEachRemaining(setting -> changed.add(section.getKey() + "." + setting)));
    return changed;
  }

  /**
   * The settings of {@code after} (a complete tree) whose values differ from {@code before}'s,
   * as a partial config document {@code {"Section": {"Setting": value}}}.
   */
  static ObjectNode changes(ObjectNode before, ObjectNode after) {
    ObjectNode changes = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, JsonNode> section : before.properties()) {
      for (Map.Entry<String, JsonNode> setting : section.getValue().properties()) {
        JsonNode now = after.path(section.getKey()).path(setting.getKey());
        if (!now.isMissingNode() && !same(setting.getValue(), now)) {
          changes.withObjectProperty(section.getKey()).set(setting.getKey(), now);
        }
      }
    }
    return changes;
  }

  static boolean same(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    return a.equals(b);
  }
}
