package chorus.loadtest.sim;

import java.util.Map;

/**
 * The body of {@code POST /posts} as the official clients send it: with a
 * {@code pending_post_id} of the poster's id and the time, which the node checks on every post
 * so that a retried post is stored once. Here the time carries the caller's sequence number too,
 * so that two posts of one user in the same millisecond stay two posts.
 */
public final class NewPost {
  private NewPost() {}

  public static Map<String, Object> body(String userId, String channelId, String message, long sequence) {
    return Map.of("channel_id", channelId, "message", message,
        "pending_post_id", userId + ":" + System.currentTimeMillis() + "-" + sequence);
  }
}
