package chorus.node.posts;

import chorus.node.http.ApiException;
import chorus.node.http.Caller;
import chorus.persistence.pool.PersistencePool;
import chorus.persistence.pool.ReadPreference;
import chorus.persistence.posts.PostRepository;
import chorus.persistence.posts.PostSearch;
import chorus.persistence.posts.SearchTerms;
import chorus.persistence.teams.TeamRepository;
import chorus.protocol.api.Post;
import chorus.protocol.api.PostSearchResults;
import chorus.protocol.api.SearchPostsRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Full-text search of a team's posts in the channels the caller belongs to. Membership is
 * checked on the primary; the search itself may run on a search replica.
 */
public final class PostSearchService {
  private final PersistencePool pool;
  private final PostRepository posts;
  private final TeamRepository teams;

  public PostSearchService(PersistencePool pool, PostRepository posts, TeamRepository teams) {
    this.pool = pool;
    this.posts = posts;
    this.teams = teams;
  }

  public CompletionStage<PostSearchResults> search(Caller caller, String teamId, SearchPostsRequest request) {
    String terms = request.terms() == null ? "" : request.terms().trim();
    if (terms.isEmpty()) {
      return CompletableFuture.failedFuture(ApiException.invalidParam("terms"));
    }
    int page = request.page() == null ? 0 : request.page();
    int perPage = request.perPage() == null ? 60 : Math.min(request.perPage(), 200);
    if (page < 0 || perPage <= 0) {
      return CompletableFuture.failedFuture(ApiException.invalidParam(page < 0 ? "page" : "per_page"));
    }
    SearchTerms parsed = SearchTerms.parse(terms);
    PostSearch query = new PostSearch(caller.userId(), teamId, parsed, List.of(), List.of(),
        Boolean.TRUE.equals(request.isOrSearch()), request.timeZoneOffset() == null ? 0 : request.timeZoneOffset(),
        page * perPage, perPage);
    return pool.read(ReadPreference.PRIMARY, dsl -> teams.findMember(dsl, teamId, caller.userId()).isPresent())
        .thenCompose(member -> {
          if (!member && !caller.isSystemAdmin()) {
            throw ApiException.forbidden();
          }
          return pool.read(ReadPreference.SEARCH, dsl -> posts.search(dsl, query));
        })
        .thenApply(found -> results(found, highlighted(parsed)));
  }

  private static PostSearchResults results(List<Post> found, List<String> words) {
    Map<String, Post> byId = new LinkedHashMap<>();
    Map<String, List<String>> matches = new LinkedHashMap<>();
    for (Post post : found) {
      byId.put(post.id(), post);
      String message = post.message().toLowerCase(Locale.ROOT);
      matches.put(post.id(), words.stream().filter(message::contains).toList());
    }
    return new PostSearchResults(found.stream().map(Post::id).toList(), byId, "", "", false, 0, matches);
  }

  /** What clients highlight in each hit: the searched words, prefixes and phrases. */
  private static List<String> highlighted(SearchTerms terms) {
    List<String> all = new ArrayList<>(terms.words());
    all.addAll(terms.prefixes());
    all.addAll(terms.phrases());
    return all.stream().map(w -> w.toLowerCase(Locale.ROOT)).toList();
  }
}
