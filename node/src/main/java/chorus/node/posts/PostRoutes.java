package chorus.node.posts;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import chorus.node.http.ApiContext;
import chorus.node.http.ApiDirectives;
import chorus.node.http.ApiException;
import chorus.node.reactions.PostReactions;
import chorus.protocol.api.CreatePostRequest;
import chorus.protocol.api.PatchPostRequest;
import chorus.protocol.api.SearchPostsRequest;
import chorus.protocol.api.StatusOk;
import chorus.protocol.ids.Ids;
import java.util.Optional;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.StringUnmarshallers;

/** {@code /posts}, a channel's posts, and search in a team. */
public final class PostRoutes extends ApiDirectives {
  /** Mattermost's default for limit_before and limit_after. */
  private static final int DEFAULT_UNREAD_LIMIT = 60;

  private final PostService posts;
  private final PostSearchService search;
  private final PostReactions reactions;

  public PostRoutes(ApiContext context, PostService posts, PostSearchService search, PostReactions reactions) {
    super(context);
    this.reactions = reactions;
    this.posts = posts;
    this.search = search;
  }

  public Route routes() {
    return concat(
        pathPrefix("posts", () -> concat(
            pathEnd(() -> post(() -> authenticated(caller -> parameterOptional(StringUnmarshallers.BOOLEAN, "set_online", setOnline ->
                jsonBody(CreatePostRequest.class, body -> respondCreated(posts.create(caller, body, setOnline.orElse(true)))))))),
            pathPrefix(segment(), postId -> validId(postId, "post_id", () -> concat(
                pathEnd(() -> concat(
                    get(() -> authenticated(caller -> respondOk(reactions.on(caller, posts.get(caller, postId))))),
                    delete(() -> authenticated(caller -> respondOk(posts.delete(caller, postId).thenApply(done -> StatusOk.OK)))))),
                path("thread", () -> get(() -> authenticated(caller -> respondOk(posts.thread(caller, postId))))),
                path("pin", () -> post(() -> authenticated(caller ->
                    respondOk(posts.setPinned(caller, postId, true).thenApply(done -> StatusOk.OK))))),
                path("unpin", () -> post(() -> authenticated(caller ->
                    respondOk(posts.setPinned(caller, postId, false).thenApply(done -> StatusOk.OK))))),
                path("patch", () -> put(() -> authenticated(caller -> jsonBody(PatchPostRequest.class, body ->
                    respondOk(posts.patch(caller, postId, body))))))))))),
        path(segment("users").slash(segment()).slash("channels").slash(segment()).slash("posts").slash("unread"), (userId, channelId) ->
            validUserId(userId, () -> validId(channelId, "channel_id", () -> get(() -> authenticated(caller ->
                parameterOptional(StringUnmarshallers.INTEGER, "limit_before", before ->
                    parameterOptional(StringUnmarshallers.INTEGER, "limit_after", after ->
                        respondOk(posts.aroundLastView(caller, caller.resolve(userId), channelId, before.orElse(DEFAULT_UNREAD_LIMIT),
                            after.orElse(DEFAULT_UNREAD_LIMIT)))))))))),
        path(segment("channels").slash(segment()).slash("pinned"), channelId -> validId(channelId, "channel_id", () ->
            get(() -> authenticated(caller -> respondOk(posts.pinned(caller, channelId)))))),
        path(segment("channels").slash(segment()).slash("posts"), channelId -> validId(channelId, "channel_id", () ->
            get(() -> authenticated(caller -> postQuery(query -> respondOk(reactions.onList(caller, posts.list(caller, channelId, query)))))))),
        path(segment("teams").slash(segment()).slash("posts").slash("search"), teamId -> validId(teamId, "team_id", () ->
            post(() -> authenticated(caller -> jsonBody(SearchPostsRequest.class, body ->
                respondOk(search.search(caller, teamId, body))))))));
  }

  /**
   * Mattermost's precedence: since, then after, then before, then plain pages. As there, only
   * a positive since counts: since=0 is an ordinary page, not every post ever, deleted included.
   */
  private Route postQuery(java.util.function.Function<PostQuery, Route> inner) {
    return parameterOptional(StringUnmarshallers.LONG, "since", since ->
        parameterOptional("after", after -> parameterOptional("before", before -> paging((page, perPage) -> {
          if (since.isPresent() && since.get() > 0) {
            return inner.apply(new PostQuery.Since(since.get()));
          }
          if (present(after)) {
            return anchored(after.get(), "after", () -> inner.apply(new PostQuery.After(after.get(), page, perPage)));
          }
          if (present(before)) {
            return anchored(before.get(), "before", () -> inner.apply(new PostQuery.Before(before.get(), page, perPage)));
          }
          return inner.apply(new PostQuery.Page(page, perPage));
        }))));
  }

  private static boolean present(Optional<String> value) {
    return value.isPresent() && !value.get().isEmpty();
  }

  private Route anchored(String postId, String name, java.util.function.Supplier<Route> inner) {
    return Ids.isValid(postId) ? inner.get() : failWith(ApiException.invalidUrlParam(name));
  }
}
