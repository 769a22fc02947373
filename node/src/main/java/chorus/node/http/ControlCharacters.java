package chorus.node.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Optional;

/**
 * Finds control characters in the strings of a JSON body before anything reads it as a model.
 * PostgreSQL cannot store U+0000 in text (the insert fails, which surfaced as a 500), and no
 * other C0 control or DEL belongs in a chat field either; tab, newline and carriage return do,
 * as Mattermost keeps them in messages. Checking the raw document once covers every body,
 * every field name and every nested value, so no model can forget it.
 */
final class ControlCharacters {
  private ControlCharacters() {}

  /**
   * The JSON path of the first field name or string value holding a forbidden character, or
   * empty if there is none. Malformed JSON throws, as the model read would.
   */
  static Optional<String> find(JsonFactory factory, byte[] json) throws IOException {
    try (JsonParser parser = factory.createParser(json)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if ((token == JsonToken.FIELD_NAME || token == JsonToken.VALUE_STRING) && isForbidden(parser.getText())) {
          return Optional.of(parser.getParsingContext().pathAsPointer().toString());
        }
      }
    }
    return Optional.empty();
  }

  static boolean isForbidden(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
        return true;
      }
    }
    return false;
  }
}
