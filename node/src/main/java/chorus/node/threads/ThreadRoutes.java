package chorus.node.threads;

import static org.apache.pekko.http.javadsl.server.PathMatchers.longSegment;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import chorus.node.http.ApiContext;
import chorus.node.http.ApiDirectives;
import chorus.protocol.api.StatusOk;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.StringUnmarshallers;

/**
 * {@code /users/{id}/teams/{team}/threads}: the collapsed-threads view of Mattermost's apps
 * (list, one thread, mark read, mark all read, follow and unfollow).
 */
public final class ThreadRoutes extends ApiDirectives {
  private final ThreadService threads;

  public ThreadRoutes(ApiContext context, ThreadService threads) {
    super(context);
    this.threads = threads;
  }

  public Route routes() {
    return pathPrefix(segment("users").slash(segment()).slash("teams").slash(segment()).slash("threads"), (userId, teamId) ->
        validUserId(userId, () -> validId(teamId, "team_id", () -> concat(
            pathEnd(() -> get(() -> authenticated(caller -> listQuery(query ->
                respondOk(threads.list(caller, caller.resolve(userId), teamId, query)))))),
            path("read", () -> put(() -> authenticated(caller ->
                respondOk(threads.readAll(caller, caller.resolve(userId), teamId).thenApply(done -> StatusOk.OK))))),
            pathPrefix(segment(), threadId -> validId(threadId, "thread_id", () -> thread(userId, teamId, threadId)))))));
  }

  private Route thread(String userId, String teamId, String threadId) {
    return concat(
        pathEnd(() -> get(() -> authenticated(caller -> parameterOptional(StringUnmarshallers.BOOLEAN, "extended", extended ->
            respondOk(threads.one(caller, caller.resolve(userId), teamId, threadId, extended.orElse(false))))))),
        path(segment("read").slash(longSegment()), timestamp -> put(() -> authenticated(caller ->
            respondOk(threads.read(caller, caller.resolve(userId), teamId, threadId, timestamp))))),
        path("following", () -> concat(
            put(() -> authenticated(caller ->
                respondOk(threads.follow(caller, caller.resolve(userId), threadId, true).thenApply(done -> StatusOk.OK)))),
            delete(() -> authenticated(caller ->
                respondOk(threads.follow(caller, caller.resolve(userId), threadId, false).thenApply(done -> StatusOk.OK)))))));
  }

  private Route listQuery(java.util.function.Function<ThreadService.ListQuery, Route> inner) {
    // The apps send per_page; Mattermost's API documentation names it pageSize.
    return parameterOptional(StringUnmarshallers.INTEGER, "per_page", perPage ->
        parameterOptional(StringUnmarshallers.INTEGER, "pageSize", pageSize ->
            parameterOptional("before", before ->
                parameterOptional(StringUnmarshallers.BOOLEAN, "unread", unread ->
                    parameterOptional(StringUnmarshallers.BOOLEAN, "totalsOnly", totalsOnly ->
                        parameterOptional(StringUnmarshallers.BOOLEAN, "threadsOnly", threadsOnly ->
                            parameterOptional(StringUnmarshallers.BOOLEAN, "extended", extended ->
                                inner.apply(new ThreadService.ListQuery(perPage.or(() -> pageSize).orElse(ThreadService.DEFAULT_PAGE_SIZE),
                                    before.orElse(""), unread.orElse(false), totalsOnly.orElse(false), threadsOnly.orElse(false),
                                    extended.orElse(false))))))))));
  }
}
