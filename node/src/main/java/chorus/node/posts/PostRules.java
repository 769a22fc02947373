package chorus.node.posts;

import chorus.node.http.ApiException;
import chorus.protocol.api.Post;

/** Limits on what a post may hold. */
final class PostRules {
  private PostRules() {}

  static void checkMessage(String message) {
    if (message != null && message.codePointCount(0, message.length()) > Post.MAX_MESSAGE_RUNES) {
      throw ApiException.badRequest("model.post.is_valid.msg.app_error",
          "Message is longer than the maximum of " + Post.MAX_MESSAGE_RUNES + " characters.");
    }
  }
}
