package chorus.client;

import java.util.Map;

/**
 * {@code GET /system/ping}'s body and the {@code X-Version-Id} header, which Mattermost's
 * client reports as the server version (version, build, config hash), as mmctl prints it.
 */
public record ServerPing(Map<String, Object> body, String serverVersion) {
  public String status() {
    return String.valueOf(body.getOrDefault("status", ""));
  }
}
