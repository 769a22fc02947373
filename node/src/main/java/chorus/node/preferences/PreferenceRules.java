package chorus.node.preferences;

import chorus.node.http.ApiException;
import chorus.protocol.api.Preference;
import chorus.protocol.ids.Ids;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;

/** Mattermost's rules for a preference ({@code model/preference.go}), and Chorus's cap on a batch. */
final class PreferenceRules {
  static final int MAX_CATEGORY = 32;
  static final int MAX_NAME = 32;
  static final int MAX_VALUE = 2000;
  /** A client stores a handful at a time; a cap keeps one request from holding a transaction for long. */
  static final int MAX_BATCH = 100;
  private static final ObjectMapper JSON = new ObjectMapper();

  private PreferenceRules() {}

  /**
   * Checks a batch for {@code userId}: every preference must be that user's (403 otherwise, as
   * Mattermost answers), and valid; {@code forbiddenId} is Mattermost's error id for the route.
   */
  static void check(String userId, List<Preference> batch, String forbiddenId) {
    if (batch.isEmpty() || batch.size() > MAX_BATCH) {
      throw ApiException.invalidBody("between 1 and " + MAX_BATCH + " preferences");
    }
    for (Preference p : batch) {
      if (p == null) {
        throw ApiException.invalidBody("preferences");
      }
      if (!Ids.isValid(p.userId())) {
        throw invalid("id");
      }
      if (!p.userId().equals(userId)) {
        throw new ApiException(403, forbiddenId, "Unable to set or delete the preferences of another user.");
      }
      if (p.category() == null || p.category().isEmpty() || p.category().codePointCount(0, p.category().length()) > MAX_CATEGORY) {
        throw invalid("category");
      }
      // An empty name is Mattermost's "for every team" (the theme, for one).
      if (p.name() == null || p.name().codePointCount(0, p.name().length()) > MAX_NAME) {
        throw invalid("name");
      }
      if (p.value() == null || p.value().codePointCount(0, p.value().length()) > MAX_VALUE) {
        throw invalid("value");
      }
      if ("theme".equals(p.category()) && !isJsonObject(p.value())) {
        throw invalid("theme");
      }
    }
  }

  private static boolean isJsonObject(String value) {
    try {
      JsonNode node = JSON.readTree(value);
      return node != null && node.isObject();
    } catch (IOException e) {
      return false;
    }
  }

  private static ApiException invalid(String field) {
    return ApiException.badRequest("model.preference.is_valid." + field + ".app_error", "Invalid preference " + field + ".");
  }
}
