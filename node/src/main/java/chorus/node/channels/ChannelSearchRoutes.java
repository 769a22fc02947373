package chorus.node.channels;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import chorus.node.http.ApiContext;
import chorus.node.http.ApiDirectives;
import chorus.node.http.QueryText;
import chorus.protocol.api.ChannelSearchRequest;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code /teams/{team_id}/channels/search}, {@code /autocomplete} and {@code /search_autocomplete}. */
public final class ChannelSearchRoutes extends ApiDirectives {
  private final ChannelSearch search;

  public ChannelSearchRoutes(ApiContext context, ChannelSearch search) {
    super(context);
    this.search = search;
  }

  public Route routes() {
    return pathPrefix(segment("teams").slash(segment()).slash("channels"), teamId -> concat(
        path("search", () -> post(() -> validId(teamId, "team_id", () -> authenticated(caller ->
            jsonBody(ChannelSearchRequest.class, body -> respondOk(search.search(caller, teamId, body.term()))))))),
        path("autocomplete", () -> get(() -> validId(teamId, "team_id", () -> authenticated(caller ->
            parameterOptional("name", name -> respondOk(search.autocomplete(caller, teamId, QueryText.checked("name", name.orElse(""))))))))),
        path("search_autocomplete", () -> get(() -> validId(teamId, "team_id", () -> authenticated(caller ->
            parameterOptional("name", name -> respondOk(search.searchAutocomplete(caller, teamId, QueryText.checked("name", name.orElse("")))))))))));
  }
}
