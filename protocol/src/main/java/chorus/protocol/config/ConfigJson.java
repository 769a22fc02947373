package chorus.protocol.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import chorus.protocol.json.StrictScalars;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Map;

/**
 * The JSON dialect of Mattermost's {@code config.json}: PascalCase keys (unlike the
 * snake_case REST API), read case-insensitively, written with Mattermost's exact spelling
 * ({@code SiteURL}, not {@code SiteUrl}) so that a config we print or serve reads like
 * Mattermost's, and no coercion between strings, numbers and booleans: Go's
 * {@code encoding/json} rejects {@code "MaxOpenConns": "300"}, and so do we.
 */
public final class ConfigJson {
  private ConfigJson() {}

  public static ObjectMapper newMapper() {
    JsonMapper mapper = JsonMapper.builder()
        .propertyNamingStrategy(new MattermostNaming())
        .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
        // Derived booleans such as SqlSettings.isEmbedded() are not settings.
        .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .serializationInclusion(JsonInclude.Include.ALWAYS)
        .build();
    return StrictScalars.apply(mapper);
  }

  /**
   * PascalCase, except where Mattermost's Go field names keep an acronym in capitals.
   * Listed explicitly rather than guessed: a rule like "Url becomes URL" would be wrong
   * for some future field, and a wrong name silently stops matching the operator's file.
   */
  private static final class MattermostNaming extends PropertyNamingStrategies.UpperCamelCaseStrategy {
    private static final Map<String, String> ACRONYMS = Map.of(
        "siteUrl", "SiteURL",
        "maximumUrlLength", "MaximumURLLength",
        "experimentalStrictCsrfEnforcement", "ExperimentalStrictCSRFEnforcement",
        "useIpAddress", "UseIPAddress");

    @Override
    public String translate(String name) {
      String acronym = ACRONYMS.get(name);
      return acronym != null ? acronym : super.translate(name);
    }
  }
}
