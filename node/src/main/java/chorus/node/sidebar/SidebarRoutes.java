package chorus.node.sidebar;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import chorus.node.http.ApiContext;
import chorus.node.http.ApiDirectives;
import chorus.protocol.api.SidebarCategories;
import chorus.protocol.api.SidebarCategory;
import java.util.List;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code /users/{id}/teams/{team}/channels/categories}: the sidebar the apps draw. */
public final class SidebarRoutes extends ApiDirectives {
  private final SidebarService sidebar;

  public SidebarRoutes(ApiContext context, SidebarService sidebar) {
    super(context);
    this.sidebar = sidebar;
  }

  public Route routes() {
    return pathPrefix(segment("users").slash(segment()).slash("teams").slash(segment()).slash("channels").slash("categories"),
        (userId, teamId) -> validUserId(userId, () -> validId(teamId, "team_id", () -> concat(
            pathEnd(() -> concat(
                get(() -> authenticated(caller -> respondOk(sidebar.categories(caller, caller.resolve(userId), teamId)))),
                put(() -> authenticated(caller -> jsonList(SidebarCategory.class, changes ->
                    respondOk(sidebar.update(caller, caller.resolve(userId), teamId, changes))))))),
            path("order", () -> concat(
                get(() -> authenticated(caller -> respondOk(sidebar.categories(caller, caller.resolve(userId), teamId)
                    .thenApply(SidebarCategories::order)))),
                put(() -> authenticated(caller -> jsonList(String.class, wanted ->
                    respondOk(sidebar.order(caller, caller.resolve(userId), teamId, wanted))))))),
            path(segment(), categoryId -> concat(
                get(() -> authenticated(caller -> respondOk(sidebar.one(caller, caller.resolve(userId), teamId, categoryId)))),
                put(() -> authenticated(caller -> jsonBody(SidebarCategory.class, change ->
                    respondOk(sidebar.update(caller, caller.resolve(userId), teamId, List.of(change))
                        .thenApply(updated -> updated.get(0))))))))))));
  }
}
