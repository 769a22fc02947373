package chorus.node.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads the post out of a posted / post_edited / post_deleted event, where it is a JSON string. */
final class Posts {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Posts() {}

  static JsonNode postOf(JsonNode frame) {
    JsonNode post = frame.path("data").path("post");
    if (!post.isTextual()) {
      throw new AssertionError("data.post must be a JSON string: " + frame);
    }
    try {
      return JSON.readTree(post.asText());
    } catch (Exception e) {
      throw new AssertionError("data.post is not JSON: " + frame, e);
    }
  }
}
