package chorus.node.reactions;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import chorus.node.http.ApiContext;
import chorus.node.http.ApiDirectives;
import chorus.protocol.api.SaveReactionRequest;
import chorus.protocol.api.StatusOk;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code /reactions}, a post's reactions, and the reactions of a page of posts. */
public final class ReactionRoutes extends ApiDirectives {
  private final ReactionService reactions;

  public ReactionRoutes(ApiContext context, ReactionService reactions) {
    super(context);
    this.reactions = reactions;
  }

  public Route routes() {
    return concat(
        path("reactions", () -> post(() -> authenticated(caller -> jsonBody(SaveReactionRequest.class, body ->
            respondOk(reactions.save(caller, body)))))),
        path(segment("posts").slash("ids").slash("reactions"), () -> post(() -> authenticated(caller ->
            jsonList(String.class, postIds -> respondOk(reactions.forPosts(caller, postIds)))))),
        path(segment("posts").slash(segment()).slash("reactions"), postId -> validId(postId, "post_id", () ->
            get(() -> authenticated(caller -> respondOk(reactions.forPost(caller, postId)))))),
        pathPrefix(segment("users").slash(segment()).slash("posts").slash(segment()).slash("reactions"), (userId, postId) ->
            path(segment(), emojiName -> validUserId(userId, () -> validId(postId, "post_id", () ->
                delete(() -> authenticated(caller ->
                    respondOk(reactions.delete(caller, caller.resolve(userId), postId, emojiName).thenApply(done -> StatusOk.OK)))))))));
  }
}
