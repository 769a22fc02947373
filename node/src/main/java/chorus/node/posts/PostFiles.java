package chorus.node.posts;

import chorus.persistence.files.FileInfoRepository;
import chorus.persistence.files.StoredFile;
import chorus.protocol.api.FileInfo;
import chorus.protocol.api.Post;
import chorus.protocol.api.PostList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jooq.DSLContext;

/**
 * Puts a post's files into {@code metadata.files}, as Mattermost does, so clients render
 * attachments without asking for each file's info. One query per list, not per post.
 */
final class PostFiles {
  private PostFiles() {}

  static Post attach(Post post, List<FileInfo> files) {
    if (files.isEmpty()) {
      return post;
    }
    Map<String, Object> metadata = post.metadata() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(post.metadata());
    metadata.put("files", files);
    return post.withMetadata(metadata);
  }

  static Post withFiles(DSLContext dsl, FileInfoRepository files, Post post) {
    if (post.fileIds() == null || post.fileIds().isEmpty()) {
      return post;
    }
    return attach(post, files.forPosts(dsl, List.of(post.id())).stream().map(StoredFile::info).toList());
  }

  static PostList withFiles(DSLContext dsl, FileInfoRepository files, PostList list) {
    List<String> withAttachments = list.posts().values().stream()
        .filter(p -> p.fileIds() != null && !p.fileIds().isEmpty()).map(Post::id).toList();
    if (withAttachments.isEmpty()) {
      return list;
    }
    Map<String, List<FileInfo>> byPost = files.forPosts(dsl, withAttachments).stream()
        .collect(Collectors.groupingBy(f -> f.info().postId(), Collectors.mapping(StoredFile::info, Collectors.toList())));
    Map<String, Post> posts = new HashMap<>(list.posts());
    byPost.forEach((postId, infos) -> posts.computeIfPresent(postId, (id, post) -> attach(post, infos)));
    return new PostList(list.order(), posts, list.nextPostId(), list.prevPostId(), list.hasNext(), list.firstInaccessiblePostTime());
  }
}
