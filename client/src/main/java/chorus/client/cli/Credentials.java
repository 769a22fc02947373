package chorus.client.cli;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One entry of mmctl's credentials file, with mmctl's own (camelCase) key names so that
 * mmctl and bin/mmctl can share the file. {@code authMethod} is "P" (password login) or
 * "T" (a token given with {@code --access-token}).
 */
public record Credentials(
    @JsonProperty("name") String name,
    @JsonProperty("username") String username,
    @JsonProperty("authToken") String authToken,
    @JsonProperty("authMethod") String authMethod,
    @JsonProperty("instanceUrl") String instanceUrl,
    @JsonProperty("active") boolean active) {
  public static final String METHOD_PASSWORD = "P";
  public static final String METHOD_TOKEN = "T";

  public Credentials withActive(boolean nowActive) {
    return new Credentials(name, username, authToken, authMethod, instanceUrl, nowActive);
  }
}
