package chorus.node.posts;

import chorus.protocol.api.Post;
import chorus.protocol.api.PostList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Assembles Mattermost's PostList: posts by id, their order newest first, and the paging cursors. */
final class PostLists {
  private PostLists() {}

  static PostList of(List<Post> newestFirst, String nextPostId, String prevPostId) {
    Map<String, Post> byId = new LinkedHashMap<>();
    for (Post post : newestFirst) {
      byId.put(post.id(), post);
    }
    return new PostList(newestFirst.stream().map(Post::id).toList(), byId, nextPostId, prevPostId, false, 0);
  }
}
