package chorus.node.users;

import chorus.node.http.ApiContext;
import chorus.node.http.ApiDirectives;
import chorus.node.http.ApiException;
import chorus.node.http.QueryText;
import chorus.protocol.api.UserSearchRequest;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code POST /users/search} and {@code GET /users/autocomplete}. Registered before
 * {@link UserRoutes}, whose {@code /users/{id}} would take these words for user ids.
 */
public final class UserSearchRoutes extends ApiDirectives {
  private final UserSearch search;

  public UserSearchRoutes(ApiContext context, UserSearch search) {
    super(context);
    this.search = search;
  }

  public Route routes() {
    return pathPrefix("users", () -> concat(
        path("search", () -> post(() -> authenticated(caller -> jsonBody(UserSearchRequest.class, body ->
            respondOk(search.search(caller, body)))))),
        path("autocomplete", () -> get(() -> authenticated(caller ->
            parameterOptional("in_team", inTeam -> parameterOptional("in_channel", inChannel ->
                parameterOptional("name", name -> parameterOptional("limit", limit ->
                    respondOk(search.autocomplete(caller, QueryText.checked("in_team", inTeam.orElse("")),
                        QueryText.checked("in_channel", inChannel.orElse("")), QueryText.checked("name", name.orElse("")),
                        limit.map(UserSearchRoutes::parseLimit))))))))))));
  }

  private static Integer parseLimit(String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw ApiException.invalidUrlParam("limit");
    }
  }
}
