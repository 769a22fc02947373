package chorus.node.posts;

import chorus.node.channels.ChannelAccess;
import chorus.node.events.ChannelEvents;
import chorus.node.events.EventPublisher;
import chorus.node.events.OrderedWrites;
import chorus.node.events.PostedEventData;
import chorus.node.http.ApiException;
import chorus.node.http.Caller;
import chorus.node.metrics.NodeMetrics;
import chorus.node.threads.ThreadService;
import chorus.persistence.channels.ChannelRepository;
import chorus.persistence.files.FileInfoRepository;
import chorus.persistence.pool.PersistencePool;
import chorus.persistence.pool.ReadPreference;
import chorus.persistence.posts.PostRepository;
import chorus.persistence.posts.PostWrites;
import chorus.persistence.threads.ThreadRepository;
import chorus.protocol.api.ChannelMember;
import chorus.protocol.api.CreatePostRequest;
import chorus.protocol.api.FileInfo;
import chorus.protocol.api.PatchPostRequest;
import chorus.protocol.api.Post;
import chorus.protocol.api.PostList;
import chorus.protocol.cluster.ClusterEvent;
import chorus.protocol.ids.Ids;
import chorus.protocol.ws.EventType;
import chorus.sharding.presence.Presences;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.jooq.DSLContext;

/**
 * Creating, reading, editing and deleting posts, each change announced to the channel as a
 * durable event with its position in the channel's log. The changes of one channel made
 * through this node are announced in the order they committed.
 *
 * <p>A create carrying a {@code pending_post_id} the same user already used answers the post
 * it made the first time (Mattermost's de-duplication of a client's retry), also when the two
 * requests race on different nodes: the unique index on (user, pending_post_id) lets one
 * insert win and the other read what it wrote.
 */
public final class PostService {
  /** Clients send "<user id>:<millis>"; a little room beyond that, no more. */
  static final int MAX_PENDING_POST_ID_LENGTH = 64;
  /** Mattermost's cap on limit_before and limit_after. */
  static final int MAX_UNREAD_LIMIT = 200;

  private final PersistencePool pool;
  private final OrderedWrites ordered;
  private final ChannelEvents channelEvents;
  private final PostRepository posts;
  private final FileInfoRepository files;
  private final PostWrites writes;
  private final ThreadRepository threads;
  private final ChannelRepository channels;
  private final ThreadService threadViews;
  private final ChannelAccess access;
  private final EventPublisher events;
  private final Presences presence;
  private final Ids ids;
  private final Clock clock;
  private final NodeMetrics metrics;

  public PostService(PersistencePool pool, OrderedWrites ordered, ChannelEvents channelEvents, PostRepository posts,
      FileInfoRepository files, PostWrites writes, ThreadRepository threads, ChannelRepository channels, ChannelAccess access, EventPublisher events,
      Presences presence, Ids ids, Clock clock, NodeMetrics metrics, ThreadService threadViews) {
    this.threadViews = threadViews;
    this.metrics = metrics;
    this.pool = pool;
    this.ordered = ordered;
    this.channelEvents = channelEvents;
    this.posts = posts;
    this.files = files;
    this.writes = writes;
    this.threads = threads;
    this.channels = channels;
    this.access = access;
    this.events = events;
    this.presence = presence;
    this.ids = ids;
    this.clock = clock;
  }

  public CompletionStage<Post> create(Caller caller, CreatePostRequest request, boolean setOnline) {
    if (!Ids.isValid(request.channelId())) {
      return CompletableFuture.failedFuture(ApiException.invalidParam("channel_id"));
    }
    PostRules.checkMessage(request.message());
    String rootId = request.rootId() == null ? "" : request.rootId();
    if (!rootId.isEmpty() && !Ids.isValid(rootId)) {
      return CompletableFuture.failedFuture(ApiException.invalidParam("root_id"));
    }
    List<String> fileIds = request.fileIds() == null ? List.of() : request.fileIds().stream().distinct().toList();
    if (fileIds.size() > Post.MAX_FILES || !fileIds.stream().allMatch(Ids::isValid)) {
      return CompletableFuture.failedFuture(ApiException.badRequest("model.post.is_valid.file_ids.app_error", "Invalid file ids."));
    }
    String pending = request.pendingPostId() == null ? "" : request.pendingPostId();
    if (pending.length() > MAX_PENDING_POST_ID_LENGTH) {
      return CompletableFuture.failedFuture(ApiException.invalidParam("pending_post_id"));
    }
    String postId = ids.next();
    Mentions mentions = Mentions.in(request.message());
    // @here would count for the members online now; Chorus counts it for nobody (see the README).
    PostWrites.MentionKeys keys = new PostWrites.MentionKeys(mentions.usernames(), mentions.channelWide());
    return ordered.writeCommitting((dsl, locks) -> {
      Optional<PostWrites.Slot> claimed = writes.claim(dsl, request.channelId(), caller.userId(), pending, clock.millis(),
          rootId.isEmpty(), keys);
      if (claimed.isEmpty()) {
        // Nothing changed; the ordinary reads say why: the access error, or the post a retry made.
        access.writable(dsl, caller, request.channelId());
        if (!pending.isEmpty()) {
          Optional<Post> earlier = posts.findByPendingPostId(dsl, caller.userId(), pending);
          if (earlier.isPresent()) {
            return Created.again(PostFiles.withFiles(dsl, files, earlier.get()).withPendingPostId(pending));
          }
        }
        // The caller became a member between the two reads.
        claimed = writes.claim(dsl, request.channelId(), caller.userId(), pending, clock.millis(), rootId.isEmpty(), keys);
      }
      PostWrites.Slot slot = claimed.orElseThrow(() ->
          ApiException.notFound("app.channel.get.existing.app_error", "Unable to find the existing channel."));
      String channelId = request.channelId();
      locks.locked(channelId);
      Optional<PostWrites.Reply> reply = Optional.empty();
      if (!rootId.isEmpty()) {
        Post root = posts.findById(dsl, rootId).filter(r -> r.channelId().equals(channelId) && r.deleteAt() == 0)
            .orElseThrow(() -> ApiException.badRequest("api.post.create_post.root_id.app_error", "Invalid RootId parameter."));
        reply = Optional.of(new PostWrites.Reply(root.id(), root.userId()));
      }
      List<FileInfo> attached = attachFiles(dsl, fileIds, postId, channelId, caller.userId(), slot.createAt());
      Post post = PostFiles.attach(new Post(postId, slot.createAt(), slot.createAt(), 0, 0, false, caller.userId(), channelId,
          rootId, "", request.message() == null ? "" : request.message(), "", request.props() == null ? Map.of() : request.props(),
          "", attached.stream().map(FileInfo::id).toList(), pending, 0, 0, null, null), attached);
      PostWrites.Event posted = new PostWrites.Event(Ids.unique(), EventType.POSTED,
          events.jsonString(PostedEventData.of(events, post, slot, setOnline)), slot.position());
      // The transaction's last statement, which commits it.
      Set<String> members = writes.recordAndCommit(dsl, post, posted, slot.mentioned(), reply, clock.millis(),
          events.channelEventsCarryMembers());
      return Created.first(post, channelEvents.stored(channelId, posted, members));
    }, Created::events).exceptionallyCompose(failure -> {
      // The same retry on another node inserted first: answer what it wrote.
      if (!pending.isEmpty() && PersistencePool.isUniqueViolation(failure)) {
        return pool.read(ReadPreference.PRIMARY, dsl -> posts.findByPendingPostId(dsl, caller.userId(), pending)
            .map(earlier -> Created.again(PostFiles.withFiles(dsl, files, earlier).withPendingPostId(pending)))
            .orElseThrow(() -> new CompletionException(failure)));
      }
      return CompletableFuture.failedFuture(failure);
    }).thenApply(created -> {
      if (!created.events().isEmpty()) {
        metrics.postCreated();
        if (setOnline) {
          presence.recordActivity(caller.userId());
        }
        if (!rootId.isEmpty()) {
          // Not awaited: the post is made; followers' views follow it by a moment, as in Mattermost.
          threadViews.announceReply(rootId);
        }
      }
      return created.post();
    });
  }

  /** A create's answer and the event it made (none when it found the post a retry had made). */
  private record Created(Post post, List<ClusterEvent> events) {
    static Created first(Post post, ClusterEvent posted) {
      return new Created(post, List.of(posted));
    }

    static Created again(Post post) {
      return new Created(post, List.of());
    }
  }

  /**
   * Claims the caller's unattached files from this channel, in the order the client listed
   * them. Ids that cannot be claimed (someone else's, another channel's, already attached) are
   * dropped from the post, as Mattermost drops them, rather than failing it.
   */
  private List<FileInfo> attachFiles(DSLContext dsl, List<String> fileIds, String postId, String channelId, String userId, long now) {
    Map<String, FileInfo> claimed = new HashMap<>();
    files.attach(dsl, fileIds, postId, channelId, userId, now).forEach(file -> claimed.put(file.info().id(), file.info()));
    return fileIds.stream().filter(claimed::containsKey).map(claimed::get).toList();
  }

  /** A changed post and its event, made in the transaction that changed it. */
  private record Changed(Post post, ClusterEvent event) {
    List<ClusterEvent> events() {
      return List.of(event);
    }
  }

  /**
   * The post is read where the caller's own reads go (the primary right after they wrote); a
   * post a replica does not have yet (someone else's brand-new post) is looked up on the
   * primary before it is a 404. The access check always reads the primary (authorization).
   */
  public CompletionStage<Post> get(Caller caller, String postId) {
    if (caller.ownReads() == ReadPreference.PRIMARY) {
      return pool.read(ReadPreference.PRIMARY, dsl ->
          PostFiles.withFiles(dsl, files, readable(dsl, caller, findLive(dsl, postId).orElseThrow(PostService::postNotFound))));
    }
    // Elsewhere first; the primary decides access, and has the post if a lagging replica has not.
    return pool.read(caller.ownReads(), dsl -> findLive(dsl, postId))
        .thenCompose(found -> pool.read(ReadPreference.PRIMARY, dsl -> PostFiles.withFiles(dsl, files,
            readable(dsl, caller, found.or(() -> findLive(dsl, postId)).orElseThrow(PostService::postNotFound)))));
  }

  /** The access check reads the primary; the posts are read where the caller's own reads go. */
  public CompletionStage<PostList> list(Caller caller, String channelId, PostQuery query) {
    if (caller.ownReads() == ReadPreference.PRIMARY) {
      return pool.read(ReadPreference.PRIMARY, dsl -> {
        access.readable(dsl, caller, channelId);
        return PostFiles.withFiles(dsl, files, query.run(dsl, posts, channelId));
      });
    }
    return pool.read(ReadPreference.PRIMARY, dsl -> access.readable(dsl, caller, channelId))
        .thenCompose(channel -> pool.read(caller.ownReads(), dsl -> PostFiles.withFiles(dsl, files, query.run(dsl, posts, channelId))));
  }

  /**
   * {@code GET /posts/{id}/thread}: the root and every live reply, for any post of the thread,
   * read on the primary like the access check (a thread is opened right after a reply is seen).
   */
  public CompletionStage<PostList> thread(Caller caller, String postId) {
    return pool.read(ReadPreference.PRIMARY, dsl -> {
      Post post = readable(dsl, caller, findLive(dsl, postId).orElseThrow(PostService::postNotFound));
      List<Post> newestFirst = new java.util.ArrayList<>(posts.thread(dsl, post.rootId().isEmpty() ? post.id() : post.rootId()));
      java.util.Collections.reverse(newestFirst);
      return PostFiles.withFiles(dsl, files, PostLists.of(newestFirst, "", ""));
    });
  }

  /**
   * {@code GET /users/{id}/channels/{id}/posts/unread}: the posts around the user's last view of
   * the channel. Read on the primary: the last view is the user's own, often just written.
   */
  public CompletionStage<PostList> aroundLastView(Caller caller, String userId, String channelId, int before, int after) {
    caller.requireSelfOrAdmin(userId);
    if (before < 0 || before > MAX_UNREAD_LIMIT) {
      return CompletableFuture.failedFuture(ApiException.invalidUrlParam("limit_before"));
    }
    if (after < 1 || after > MAX_UNREAD_LIMIT) {
      return CompletableFuture.failedFuture(ApiException.invalidUrlParam("limit_after"));
    }
    return pool.read(ReadPreference.PRIMARY, dsl -> {
      access.readable(dsl, caller, channelId);
      long lastViewedAt = channels.findMember(dsl, channelId, userId).map(ChannelMember::lastViewedAt)
          .orElseThrow(() -> ApiException.forbidden());
      return PostFiles.withFiles(dsl, files, new PostQuery.AroundLastView(lastViewedAt, before, after).run(dsl, posts, channelId));
    });
  }

  private Optional<Post> findLive(DSLContext dsl, String postId) {
    return posts.findById(dsl, postId).filter(p -> p.deleteAt() == 0);
  }

  private Post readable(DSLContext dsl, Caller caller, Post post) {
    access.readable(dsl, caller, post.channelId());
    return post;
  }

  public CompletionStage<Post> patch(Caller caller, String postId, PatchPostRequest patch) {
    if (patch.isEmpty()) {
      return CompletableFuture.failedFuture(ApiException.invalidBody("empty patch"));
    }
    PostRules.checkMessage(patch.message());
    long now = clock.millis();
    return ordered.write(dsl -> {
      Post post = editable(dsl, caller, postId);
      boolean edited = patch.message() != null && !patch.message().equals(post.message());
      Post updated = new Post(post.id(), post.createAt(), now, edited ? now : post.editAt(), 0,
          patch.isPinned() != null ? patch.isPinned() : post.isPinned(), post.userId(), post.channelId(), post.rootId(),
          post.originalId(), patch.message() != null ? patch.message() : post.message(), post.type(),
          patch.props() != null ? patch.props() : post.props(), post.hashtags(), post.fileIds(), "", post.replyCount(),
          post.lastReplyAt(), null, null);
      posts.update(dsl, updated);
      Post withFiles = PostFiles.withFiles(dsl, files, updated);
      return new Changed(withFiles, channelEvents.append(dsl, updated.channelId(), EventType.POST_EDITED,
          Map.of("post", events.jsonString(withFiles)), ""));
    }, Changed::events).thenApply(Changed::post);
  }

  /** Any member of a live channel pins and unpins its posts, as in Mattermost; the change is a {@code post_edited}. */
  public CompletionStage<Void> setPinned(Caller caller, String postId, boolean pinned) {
    long now = clock.millis();
    return ordered.write(dsl -> {
      Post post = findLive(dsl, postId).orElseThrow(PostService::postNotFound);
      access.writable(dsl, caller, post.channelId());
      posts.setPinned(dsl, postId, pinned, now);
      Post changed = PostFiles.withFiles(dsl, files, posts.findById(dsl, postId).orElseThrow(PostService::postNotFound));
      return new Changed(changed, channelEvents.append(dsl, changed.channelId(), EventType.POST_EDITED,
          Map.of("post", events.jsonString(changed)), ""));
    }, Changed::events).thenAccept(changed -> {});
  }

  /** {@code GET /channels/{id}/pinned}: the channel's pinned posts, newest first. */
  public CompletionStage<PostList> pinned(Caller caller, String channelId) {
    return pool.read(ReadPreference.PRIMARY, dsl -> {
      access.readable(dsl, caller, channelId);
      return PostFiles.withFiles(dsl, files, PostLists.of(posts.pinned(dsl, channelId), "", ""));
    });
  }

  public CompletionStage<Void> delete(Caller caller, String postId) {
    long now = clock.millis();
    return ordered.write(dsl -> {
      Post post = editable(dsl, caller, postId);
      if (posts.softDelete(dsl, postId, now) > 0 && !post.rootId().isEmpty()) {
        threads.replyDeleted(dsl, post.rootId());
      }
      files.deleteForPost(dsl, postId, now);
      Post deleted = posts.findById(dsl, postId).orElse(post);
      return new Changed(deleted, channelEvents.append(dsl, deleted.channelId(), EventType.POST_DELETED,
          Map.of("post", events.jsonString(deleted)), ""));
    }, Changed::events).thenAccept(deleted -> {});
  }

  /** Authors change their own posts; system admins change anyone's; nobody changes a deleted post. */
  private Post editable(DSLContext dsl, Caller caller, String postId) {
    Post post = posts.findById(dsl, postId).filter(p -> p.deleteAt() == 0).orElseThrow(PostService::postNotFound);
    access.readable(dsl, caller, post.channelId());
    if (!post.userId().equals(caller.userId()) && !caller.isSystemAdmin()) {
      throw ApiException.forbidden();
    }
    return post;
  }

  private static ApiException postNotFound() {
    return ApiException.notFound("app.post.get.app_error", "Unable to get the post.");
  }
}
