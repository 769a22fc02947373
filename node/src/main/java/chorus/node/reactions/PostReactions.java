package chorus.node.reactions;

import chorus.node.http.Caller;
import chorus.persistence.pool.PersistencePool;
import chorus.persistence.posts.ReactionRepository;
import chorus.protocol.api.Post;
import chorus.protocol.api.PostList;
import chorus.protocol.api.Reaction;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * Puts a post's reactions into {@code metadata.reactions}, as Mattermost does, so an app that
 * loads a channel shows them without asking post by post. It decorates what the post reads
 * answer, after them, so the post code needs no knowledge of reactions: one more query per
 * post or page, on the caller's own read source (the reactions of posts just read; a change
 * since then arrives as its event).
 */
public final class PostReactions {
  private final PersistencePool pool;
  private final ReactionRepository reactions;

  public PostReactions(PersistencePool pool, ReactionRepository reactions) {
    this.pool = pool;
    this.reactions = reactions;
  }

  public CompletionStage<Post> on(Caller caller, CompletionStage<Post> read) {
    return read.thenCompose(post -> pool.read(caller.ownReads(), dsl -> reactions.forPosts(dsl, List.of(post.id())))
        .thenApply(found -> attach(post, found)));
  }

  public CompletionStage<PostList> onList(Caller caller, CompletionStage<PostList> read) {
    return read.thenCompose(list -> {
      if (list.posts().isEmpty()) {
        return CompletableFuture.completedFuture(list);
      }
      return pool.read(caller.ownReads(), dsl -> reactions.forPosts(dsl, list.posts().keySet())).thenApply(found -> {
        Map<String, List<Reaction>> byPost = found.stream().collect(Collectors.groupingBy(Reaction::postId));
        if (byPost.isEmpty()) {
          return list;
        }
        Map<String, Post> posts = new HashMap<>(list.posts());
        byPost.forEach((postId, of) -> posts.computeIfPresent(postId, (id, post) -> attach(post, of)));
        return new PostList(list.order(), posts, list.nextPostId(), list.prevPostId(), list.hasNext(),
            list.firstInaccessiblePostTime());
      });
    });
  }

  private static Post attach(Post post, List<Reaction> of) {
    if (of.isEmpty()) {
      return post;
    }
    Map<String, Object> metadata = post.metadata() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(post.metadata());
    metadata.put("reactions", of);
    return post.withMetadata(metadata);
  }
}
