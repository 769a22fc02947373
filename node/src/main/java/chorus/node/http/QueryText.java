package chorus.node.http;

/**
 * A query parameter that reaches SQL as text (a search name, an id to filter by). PostgreSQL
 * cannot hold U+0000 in text, so without this check such a value failed the query with a 500;
 * as in JSON bodies ({@link ControlCharacters}), no control character but tab, newline and
 * carriage return is accepted.
 */
public final class QueryText {
  private QueryText() {}

  /** The value, or a 400 naming the parameter. */
  public static String checked(String name, String value) {
    if (ControlCharacters.isForbidden(value)) {
      throw ApiException.invalidUrlParam(name);
    }
    return value;
  }
}
