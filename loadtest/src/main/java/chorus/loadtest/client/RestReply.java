package chorus.loadtest.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One REST answer. {@code status} 0 means no HTTP answer at all (refused, reset, timed out);
 * {@code token} is the {@code Token} header a login returns, or null.
 */
public record RestReply(int status, String body, String token, long latencyMicros) {

  public boolean is(int expected) {
    return status == expected;
  }

  public JsonNode json(ObjectMapper mapper) {
    try {
      return mapper.readTree(body);
    } catch (Exception e) {
      throw new IllegalStateException("not JSON (" + status + "): " + body, e);
    }
  }
}
