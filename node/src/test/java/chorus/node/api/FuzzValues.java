package chorus.node.api;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Hostile values for {@link ApiFuzzTest}, all drawn from one seeded {@link Random} so a run can
 * be replayed: JSON of random shapes, values of the wrong type, huge and empty strings, unicode
 * that is awkward to store, control characters, and broken JSON text.
 */
final class FuzzValues {
  private static final List<String> AWKWARD = List.of(
      "", " ", "null", "0", "-1", "9223372036854775808", "1e309", "true", "me", "..", "../../etc/passwd",
      "' OR 1=1 --", "\"; DROP TABLE posts; --", "%00", "%", "{}", "[]", "<script>alert(1)</script>",
      "\uD83D\uDE00\uD83D\uDC4D\uD83C\uDFFD", "\u202Eevil\u202C", "e\u0301\u0301\u0301", "\uFEFF", "\uFFFF", "\u00A0",
      "日本語のテキスト", "اَلْعَرَبِيَّةُ", "ZALGO\u0336\u0337\u0338", "a".repeat(65), "A".repeat(27),
      "abcdefghijklmnopqrstuvwxyz", "0123456789abcdefghijklmnop");
  private static final char[] CONTROL = {'\u0000', '\u0001', '\u0007', '\u0008', '\u000B', '\u000C', '\u001B', '\u001F', '\u007F'};

  private final Random random;
  private final int hugeLength;

  /** @param hugeLength the length of a "huge" string: above the node's body limit */
  FuzzValues(Random random, int hugeLength) {
    this.random = random;
    this.hugeLength = hugeLength;
  }

  int nextInt(int bound) {
    return random.nextInt(bound);
  }

  boolean chance(int percent) {
    return random.nextInt(100) < percent;
  }

  <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  /** A string a client might send by mistake or on purpose. */
  String string() {
    return switch (random.nextInt(7)) {
      case 0 -> pick(AWKWARD);
      case 1 -> withControl(pick(AWKWARD));
      case 2 -> randomUnicode(1 + random.nextInt(40));
      case 3 -> "";
      case 4 -> "x".repeat(hugeLength);
      case 5 -> randomUnicode(200 + random.nextInt(3000));
      default -> Long.toString(random.nextLong(), 36);
    };
  }

  /** A string for a path segment or query value: as {@link #string()}, but rarely longer than the URL limit. */
  String urlString() {
    String value = string();
    return value.length() > 150 && !chance(5) ? value.substring(0, 100) : value;
  }

  /** {@code text} with a control character (never tab, newline or carriage return) put inside. */
  String withControl(String text) {
    int at = text.isEmpty() ? 0 : random.nextInt(text.length() + 1);
    return text.substring(0, at) + CONTROL[random.nextInt(CONTROL.length)] + text.substring(at);
  }

  private String randomUnicode(int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      int kind = random.nextInt(10);
      if (kind < 5) {
        out.append((char) (' ' + random.nextInt(95)));
      } else if (kind < 8) {
        out.appendCodePoint(0xA0 + random.nextInt(0xD7FF - 0xA0));
      } else {
        out.appendCodePoint(0x1F300 + random.nextInt(0x400));
      }
    }
    return out.toString();
  }

  /** A JSON value of any type and shape, as JSON text. */
  String json(int depth) {
    int kinds = depth <= 0 ? 6 : 8;
    return switch (random.nextInt(kinds)) {
      case 0 -> "null";
      case 1 -> Boolean.toString(random.nextBoolean());
      case 2 -> Long.toString(random.nextLong());
      case 3 -> pick(List.of("0", "-0", "1.5e308", "1e309", "-1", "3.14159", "12345678901234567890123456789", "2147483648"));
      case 4, 5 -> quote(string());
      case 6 -> array(depth - 1);
      default -> object(depth - 1);
    };
  }

  /** A JSON value that no field of an API request accepts in place of a string. */
  String notAString(String fieldName) {
    return switch (random.nextInt(6)) {
      case 0 -> Long.toString(random.nextLong());
      case 1 -> Boolean.toString(random.nextBoolean());
      case 2 -> array(1);
      case 3 -> object(1);
      case 4 -> quote(withControl(string().isEmpty() ? fieldName : string()));
      default -> quote("y".repeat(hugeLength));
    };
  }

  String array(int depth) {
    int n = random.nextInt(5);
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < n; i++) {
      out.append(i == 0 ? "" : ",").append(json(depth));
    }
    return out.append(']').toString();
  }

  String object(int depth) {
    int n = random.nextInt(6);
    StringBuilder out = new StringBuilder("{");
    for (int i = 0; i < n; i++) {
      String key = chance(50) ? pick(List.of("id", "user_id", "channel_id", "team_id", "message", "name", "type", "status",
          "password", "login_id", "terms", "root_id", "props", "file_ids", "display_name", "email", "username")) : string();
      out.append(i == 0 ? "" : ",").append(quote(key)).append(':').append(json(depth));
    }
    return out.append('}').toString();
  }

  /** Text that is not valid JSON, or not valid UTF-8. */
  byte[] brokenJson() {
    return switch (random.nextInt(7)) {
      case 0 -> "{\"message\": \"unterminated".getBytes(StandardCharsets.UTF_8);
      case 1 -> "[".repeat(5000).getBytes(StandardCharsets.UTF_8);
      case 2 -> new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
      case 3 -> "{\"a\":\"\\ud800\"}".getBytes(StandardCharsets.UTF_8);
      case 4 -> "{\"a\":1,}".getBytes(StandardCharsets.UTF_8);
      case 5 -> randomBytes();
      default -> "{\"a\":\"\\u0000\"}".getBytes(StandardCharsets.UTF_8);
    };
  }

  private byte[] randomBytes() {
    byte[] bytes = new byte[random.nextInt(300)];
    random.nextBytes(bytes);
    return bytes;
  }

  /** A JSON string literal for {@code s}, escaping what JSON requires. */
  static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
