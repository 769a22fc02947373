package chorus.node.roles;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import chorus.node.http.ApiContext;
import chorus.node.http.ApiDirectives;
import chorus.node.http.ApiException;
import chorus.protocol.api.Role;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code /roles}: the built-in roles by name (what the apps ask at start-up), by id, and all of them for admins. */
public final class RoleRoutes extends ApiDirectives {
  private static final Pattern NAME = Pattern.compile("^[a-z0-9_]{1,64}$");
  private static final int MAX_NAMES = 100;

  private final BuiltInRoles roles;

  public RoleRoutes(ApiContext context, BuiltInRoles roles) {
    super(context);
    this.roles = roles;
  }

  public Route routes() {
    return pathPrefix("roles", () -> concat(
        pathEnd(() -> get(() -> authenticated(caller -> {
          caller.requireSystemAdmin();
          return respondOk(CompletableFuture.completedFuture(roles.all()));
        }))),
        path("names", () -> post(() -> authenticated(caller -> jsonList(String.class, names ->
            respondOk(CompletableFuture.completedFuture(byNames(names))))))),
        path(segment("name").slash(segment()), name -> get(() -> authenticated(caller ->
            respondOk(CompletableFuture.completedFuture(roles.byName(name).orElseThrow(RoleRoutes::notFound)))))),
        path(segment(), id -> get(() -> validId(id, "role_id", () -> authenticated(caller ->
            respondOk(CompletableFuture.completedFuture(roles.all().stream().filter(r -> r.id().equals(id)).findFirst()
                .orElseThrow(RoleRoutes::notFound)))))))));
  }

  /** Names Chorus does not have (a guest role, a scheme's role) are left out, as Mattermost leaves out unknown ones. */
  private List<Role> byNames(List<String> names) {
    if (names.isEmpty() || names.size() > MAX_NAMES || names.stream().anyMatch(n -> !NAME.matcher(n).matches())) {
      throw ApiException.invalidParam("role_names");
    }
    return names.stream().distinct().flatMap(n -> roles.byName(n).stream()).toList();
  }

  private static ApiException notFound() {
    return ApiException.notFound("store.sql_role.get_by_name.app_error", "Unable to get role.");
  }
}
