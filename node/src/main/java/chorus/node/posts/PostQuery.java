package chorus.node.posts;

import chorus.persistence.posts.PostRepository;
import chorus.protocol.api.Post;
import chorus.protocol.api.PostList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * The four ways to page through a channel, with Mattermost's cursor rules: {@code next_post_id}
 * is the first post newer than the newest returned, {@code prev_post_id} the first one older
 * than the oldest returned, and a short page leaves its open side empty.
 */
sealed interface PostQuery {
  PostList run(DSLContext dsl, PostRepository posts, String channelId);

  record Page(int page, int perPage) implements PostQuery {
    @Override
    public PostList run(DSLContext dsl, PostRepository posts, String channelId) {
      List<Post> list = posts.page(dsl, channelId, page * perPage, perPage);
      if (list.isEmpty()) {
        return PostLists.of(list, "", "");
      }
      String next = page == 0 ? "" : newerThan(dsl, posts, channelId, list);
      String prev = list.size() < perPage ? "" : olderThan(dsl, posts, channelId, list);
      return PostLists.of(list, next, prev);
    }
  }

  /** Everything created, edited or deleted after a time, for clients catching up; no cursors. */
  record Since(long time) implements PostQuery {
    @Override
    public PostList run(DSLContext dsl, PostRepository posts, String channelId) {
      return PostLists.of(posts.since(dsl, channelId, time), "", "");
    }
  }

  record Before(String postId, int page, int perPage) implements PostQuery {
    @Override
    public PostList run(DSLContext dsl, PostRepository posts, String channelId) {
      Optional<Post> anchor = anchor(dsl, posts, channelId, postId);
      if (anchor.isEmpty()) {
        return PostLists.of(List.of(), "", "");
      }
      List<Post> list = posts.before(dsl, channelId, anchor.get().createAt(), page * perPage, perPage);
      if (list.isEmpty()) {
        return PostLists.of(list, page == 0 ? postId : "", "");
      }
      String next = page == 0 ? postId : newerThan(dsl, posts, channelId, list);
      String prev = list.size() < perPage ? "" : olderThan(dsl, posts, channelId, list);
      return PostLists.of(list, next, prev);
    }
  }

  record After(String postId, int page, int perPage) implements PostQuery {
    @Override
    public PostList run(DSLContext dsl, PostRepository posts, String channelId) {
      Optional<Post> anchor = anchor(dsl, posts, channelId, postId);
      if (anchor.isEmpty()) {
        return PostLists.of(List.of(), "", "");
      }
      List<Post> list = new ArrayList<>(posts.after(dsl, channelId, anchor.get().createAt(), page * perPage, perPage));
      Collections.reverse(list);
      if (list.isEmpty()) {
        return PostLists.of(list, "", page == 0 ? postId : "");
      }
      String prev = page == 0 ? postId : olderThan(dsl, posts, channelId, list);
      String next = list.size() < perPage ? "" : newerThan(dsl, posts, channelId, list);
      return PostLists.of(list, next, prev);
    }
  }

  /**
   * The posts around where the user stopped reading: up to {@code before} read ones (the last
   * one read included) and up to {@code after} unread ones, as Mattermost's
   * {@code /posts/unread} answers; the cursors are those of a page in either direction.
   */
  record AroundLastView(long lastViewedAt, int before, int after) implements PostQuery {
    @Override
    public PostList run(DSLContext dsl, PostRepository posts, String channelId) {
      List<Post> unread = new ArrayList<>(posts.after(dsl, channelId, lastViewedAt, 0, after));
      Collections.reverse(unread);
      List<Post> read = posts.before(dsl, channelId, lastViewedAt + 1, 0, before);
      List<Post> list = new ArrayList<>(unread);
      list.addAll(read);
      if (list.isEmpty()) {
        return PostLists.of(list, "", "");
      }
      String next = unread.size() < after ? "" : newerThan(dsl, posts, channelId, list);
      String prev = read.size() < before ? "" : olderThan(dsl, posts, channelId, list);
      return PostLists.of(list, next, prev);
    }
  }

  private static Optional<Post> anchor(DSLContext dsl, PostRepository posts, String channelId, String postId) {
    return posts.findById(dsl, postId).filter(p -> p.channelId().equals(channelId));
  }

  private static String newerThan(DSLContext dsl, PostRepository posts, String channelId, List<Post> newestFirst) {
    return posts.idOfOldestAfter(dsl, channelId, newestFirst.get(0).createAt()).orElse("");
  }

  private static String olderThan(DSLContext dsl, PostRepository posts, String channelId, List<Post> newestFirst) {
    return posts.idOfNewestBefore(dsl, channelId, newestFirst.get(newestFirst.size() - 1).createAt()).orElse("");
  }
}
