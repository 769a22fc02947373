package chorus.node.preferences;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import chorus.node.http.ApiContext;
import chorus.node.http.ApiDirectives;
import chorus.protocol.api.Preference;
import chorus.protocol.api.StatusOk;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code /users/{id}/preferences}: get, save, delete, by category and by name. */
public final class PreferenceRoutes extends ApiDirectives {
  private final PreferenceService preferences;

  public PreferenceRoutes(ApiContext context, PreferenceService preferences) {
    super(context);
    this.preferences = preferences;
  }

  public Route routes() {
    return pathPrefix(segment("users").slash(segment()).slash("preferences"), userId -> validUserId(userId, () -> concat(
        pathEnd(() -> concat(
            get(() -> authenticated(caller -> respondOk(preferences.all(caller, caller.resolve(userId))))),
            put(() -> authenticated(caller -> jsonList(Preference.class, batch ->
                respondOk(preferences.save(caller, caller.resolve(userId), batch).thenApply(done -> StatusOk.OK))))))),
        path("delete", () -> post(() -> authenticated(caller -> jsonList(Preference.class, batch ->
            respondOk(preferences.delete(caller, caller.resolve(userId), batch).thenApply(done -> StatusOk.OK)))))),
        path(segment(), category -> get(() -> authenticated(caller ->
            respondOk(preferences.inCategory(caller, caller.resolve(userId), category))))),
        path(segment().slash("name").slash(segment()), (category, name) -> get(() -> authenticated(caller ->
            respondOk(preferences.one(caller, caller.resolve(userId), category, name))))))));
  }
}
