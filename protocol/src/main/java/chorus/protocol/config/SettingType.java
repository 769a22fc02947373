package chorus.protocol.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Set;

/**
 * The kinds of value a setting can hold, read off its default value in the JSON tree.
 * One place decides what a file value must look like and how an environment string is
 * parsed, so {@code config.json} and {@code MM_*} variables agree on every setting's type.
 */
enum SettingType {
  BOOLEAN("a boolean (true or false)"),
  INT("a 32-bit integer"),
  LONG("a 64-bit integer"),
  STRING("a string"),
  STRING_LIST("a list of strings");

  /** Go's {@code strconv.ParseBool}, which Mattermost uses for environment overrides. */
  private static final Set<String> TRUE = Set.of("1", "t", "T", "TRUE", "true", "True");
  private static final Set<String> FALSE = Set.of("0", "f", "F", "FALSE", "false", "False");

  private final String description;

  SettingType(String description) {
    this.description = description;
  }

  String description() {
    return description;
  }

  static SettingType of(JsonNode defaultValue) {
    if (defaultValue.isBoolean()) {
      return BOOLEAN;
    } else if (defaultValue.isInt()) {
      return INT;
    } else if (defaultValue.isIntegralNumber()) {
      return LONG;
    } else if (defaultValue.isTextual()) {
      return STRING;
    } else if (defaultValue.isArray()) {
      return STRING_LIST;
    }
    throw new IllegalStateException("no setting type for default value " + defaultValue);
  }

  /** Whether a value from {@code config.json} has this type (and, for numbers, fits it). */
  boolean accepts(JsonNode value) {
    return switch (this) {
      case BOOLEAN -> value.isBoolean();
      case INT -> value.isIntegralNumber() && value.canConvertToInt();
      case LONG -> value.isIntegralNumber() && value.canConvertToLong();
      case STRING -> value.isTextual();
      case STRING_LIST -> value.isArray() && allTextual(value);
    };
  }

  /**
   * Parses an environment variable's value. Lists are split on single spaces, as
   * Mattermost does; empty pieces are dropped so that an empty variable means an empty list.
   *
   * @throws IllegalArgumentException if the text is not a value of this type
   */
  JsonNode parse(String text) {
    return switch (this) {
      case BOOLEAN -> BooleanNode.valueOf(parseBoolean(text.strip()));
      case INT -> IntNode.valueOf(Integer.parseInt(text.strip()));
      case LONG -> LongNode.valueOf(Long.parseLong(text.strip()));
      case STRING -> TextNode.valueOf(text);
      case STRING_LIST -> splitOnSpaces(text);
    };
  }

  private static boolean parseBoolean(String text) {
    if (TRUE.contains(text)) {
      return true;
    } else if (FALSE.contains(text)) {
      return false;
    }
    throw new IllegalArgumentException("not a boolean");
  }

  private static ArrayNode splitOnSpaces(String text) {
    ArrayNode list = JsonNodeFactory.instance.arrayNode();
    for (String piece : text.split(" ")) {
      if (!piece.isEmpty()) {
        list.add(piece);
      }
    }
    return list;
  }

  private static boolean allTextual(JsonNode array) {
    for (JsonNode element : array) {
      if (!element.isTextual()) {
        return false;
      }
    }
    return true;
  }
}
