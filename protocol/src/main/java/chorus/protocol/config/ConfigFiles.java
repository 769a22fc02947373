package chorus.protocol.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads {@code config.json} into a JSON tree, and nothing more: what the keys mean is
 * {@link FileOverlay}'s job. A syntax error is reported with the file and the line and
 * column, because an operator editing a 600-line Mattermost config needs to find it.
 */
final class ConfigFiles {
  private ConfigFiles() {}

  static ObjectNode read(Path file, ObjectMapper mapper) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + ": config file not found", e);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read config file: " + e, e);
    }
    JsonNode tree;
    try {
      tree = mapper.readTree(text);
    } catch (JsonProcessingException e) {
      throw new ConfigException(file + ": malformed JSON" + position(e.getLocation()) + ": " + e.getOriginalMessage(), e);
    }
    if (tree == null || !tree.isObject()) {
      throw new ConfigException(file + ": expected a JSON object with settings sections, e.g. {\"ServiceSettings\": {...}}");
    }
    return (ObjectNode) tree;
  }

  private static String position(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }
}
