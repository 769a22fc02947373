package chorus.protocol.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Mattermost's personal access token. {@code token} is the secret: it is filled only in the
 * answer to its creation and is absent everywhere else (Mattermost's {@code Sanitize}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UserAccessToken(String id, String token, String userId, String description,
    @JsonProperty("is_active") boolean isActive) {
  public UserAccessToken sanitized() {
    return new UserAccessToken(id, null, userId, description, isActive);
  }
}
