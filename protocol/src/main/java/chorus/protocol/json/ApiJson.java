package chorus.protocol.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The JSON dialect of Mattermost's REST and WebSocket API: snake_case keys, unknown keys
 * ignored (clients send more than we read), and no silent coercion between strings,
 * numbers and booleans, so a body with a wrong type is a 400 rather than a guess.
 */
public final class ApiJson {
  private ApiJson() {}

  public static ObjectMapper newMapper() {
    JsonMapper mapper = JsonMapper.builder()
        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .serializationInclusion(JsonInclude.Include.ALWAYS)
        .build();
    return StrictScalars.apply(mapper);
  }
}
