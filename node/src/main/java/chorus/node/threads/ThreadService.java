package chorus.node.threads;

import chorus.node.channels.ChannelAccess;
import chorus.node.events.EventPublisher;
import chorus.node.http.ApiException;
import chorus.node.http.Caller;
import chorus.persistence.pool.PersistencePool;
import chorus.persistence.pool.ReadPreference;
import chorus.persistence.posts.PostRepository;
import chorus.persistence.threads.ThreadRepository;
import chorus.persistence.users.UserRepository;
import chorus.node.users.UserService;
import chorus.protocol.api.Post;
import chorus.protocol.api.User;
import chorus.protocol.api.UserThread;
import chorus.protocol.api.UserThreadList;
import chorus.protocol.ws.EventType;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jooq.DSLContext;

/**
 * A user's collapsed reply threads: the ones they follow in a team (and in their direct and group
 * channels), read state and following. Users see and change only their own (system admins anyone's);
 * reading or following a thread needs read access to its channel, checked on the primary.
 */
public final class ThreadService {
  /** Mattermost's default page, and the most it gives at once. */
  static final int DEFAULT_PAGE_SIZE = 30;
  static final int MAX_PAGE_SIZE = 200;

  /** What the list asks for: a page before a thread, unread only, or only the totals / only the threads. */
  public record ListQuery(int pageSize, String before, boolean unread, boolean totalsOnly, boolean threadsOnly,
      boolean extended) {}

  private final PersistencePool pool;
  private final ThreadRepository threads;
  private final PostRepository posts;
  private final ChannelAccess access;
  private final Clock clock;
  private final UserRepository users;
  private final UserService profiles;
  private final EventPublisher events;

  public ThreadService(PersistencePool pool, ThreadRepository threads, PostRepository posts, ChannelAccess access, Clock clock,
      UserRepository users, UserService profiles, EventPublisher events) {
    this.events = events;
    this.users = users;
    this.profiles = profiles;
    this.pool = pool;
    this.threads = threads;
    this.posts = posts;
    this.access = access;
    this.clock = clock;
  }

  public CompletionStage<UserThreadList> list(Caller caller, String userId, String teamId, ListQuery query) {
    caller.requireSelfOrAdmin(userId);
    if (query.pageSize() < 1 || query.pageSize() > MAX_PAGE_SIZE) {
      throw ApiException.invalidUrlParam("per_page");
    }
    return pool.read(caller.ownReads(), dsl -> {
      ThreadRepository.Totals totals = query.threadsOnly() ? new ThreadRepository.Totals(0, 0, 0)
          : threads.totals(dsl, userId, teamId);
      List<UserThread> page = List.of();
      if (!query.totalsOnly()) {
        long before = query.before().isEmpty() ? 0
            : threads.one(dsl, userId, teamId, query.before()).map(ThreadRepository.UserThreadRow::lastReplyAt)
                .orElseThrow(() -> ApiException.invalidUrlParam("before"));
        page = withPosts(dsl, caller, query.extended(), threads.followed(dsl, userId, teamId, query.unread(), before,
            query.pageSize()));
      }
      return new UserThreadList(totals.total(), totals.unreadThreads(), totals.unreadMentions(), page);
    });
  }

  public CompletionStage<UserThread> one(Caller caller, String userId, String teamId, String threadId, boolean extended) {
    caller.requireSelfOrAdmin(userId);
    return pool.read(ReadPreference.PRIMARY, dsl -> find(dsl, caller, extended, userId, teamId, threadId));
  }

  /** Read up to {@code timestamp}; a thread the user never followed gets a membership that does not follow. */
  public CompletionStage<UserThread> read(Caller caller, String userId, String teamId, String threadId, long timestamp) {
    caller.requireSelfOrAdmin(userId);
    return pool.write(dsl -> {
      readableThread(dsl, caller, threadId);
      threads.markRead(dsl, threadId, userId, timestamp, clock.millis());
      return find(dsl, caller, false, userId, teamId, threadId);
    }).thenCompose(thread -> events.toUser(userId, EventType.THREAD_READ_CHANGED, Map.of("thread_id", threadId,
        "timestamp", timestamp, "unread_replies", thread.unreadReplies(), "unread_mentions", thread.unreadMentions(),
        "channel_id", thread.post().channelId())).thenApply(sent -> thread));
  }

  /**
   * After a reply's commit: {@code thread_updated} to each follower, with the thread as that
   * follower sees it (their unread replies and mentions), as Mattermost sends it.
   */
  public CompletionStage<Void> announceReply(String rootId) {
    return pool.read(ReadPreference.PRIMARY, dsl -> {
      Map<String, ThreadRepository.UserThreadRow> followers = threads.asFollowersSeeIt(dsl, rootId);
      Optional<Post> root = posts.findById(dsl, rootId);
      return root.map(post -> followers.entrySet().stream().map(entry -> Map.entry(entry.getKey(),
          toThread(entry.getValue(), post, Map.of(), false))).toList()).orElse(List.of());
    }).thenAccept(views -> views.forEach(view ->
        events.toUser(view.getKey(), EventType.THREAD_UPDATED, Map.of("thread", events.jsonString(view.getValue())))));
  }

  public CompletionStage<Void> readAll(Caller caller, String userId, String teamId) {
    caller.requireSelfOrAdmin(userId);
    return pool.write(dsl -> {
      threads.markAllRead(dsl, userId, teamId, clock.millis());
      return null;
    });
  }

  public CompletionStage<Void> follow(Caller caller, String userId, String threadId, boolean following) {
    caller.requireSelfOrAdmin(userId);
    return pool.write(dsl -> {
      readableThread(dsl, caller, threadId);
      threads.setFollowing(dsl, threadId, userId, following, clock.millis());
      return posts.findById(dsl, threadId).map(Post::replyCount).orElse(0L);
    }).thenCompose(replyCount -> events.toUser(userId, EventType.THREAD_FOLLOW_CHANGED,
        Map.of("thread_id", threadId, "state", following, "reply_count", replyCount)));
  }

  /** A root post the caller may read; a post nobody replied to yet is a thread too (Mattermost lets one follow it). */
  private void readableThread(DSLContext dsl, Caller caller, String threadId) {
    Post root = posts.findById(dsl, threadId).filter(p -> p.deleteAt() == 0 && p.rootId().isEmpty())
        .orElseThrow(ThreadService::notFound);
    access.readable(dsl, caller, root.channelId());
  }

  private UserThread find(DSLContext dsl, Caller caller, boolean extended, String userId, String teamId, String threadId) {
    return threads.one(dsl, userId, teamId, threadId).map(row -> withPosts(dsl, caller, extended, List.of(row)).get(0))
        .orElseThrow(ThreadService::notFound);
  }

  private List<UserThread> withPosts(DSLContext dsl, Caller caller, boolean extended, List<ThreadRepository.UserThreadRow> rows) {
    Map<String, Post> roots = posts.findByIds(dsl, rows.stream().map(ThreadRepository.UserThreadRow::postId).toList()).stream()
        .collect(Collectors.toMap(Post::id, Function.identity()));
    Map<String, User> people = !extended ? Map.of() : users.findByIds(dsl, rows.stream()
        .flatMap(row -> row.participants().stream()).distinct().toList()).stream()
        .collect(Collectors.toMap(User::id, user -> profiles.visibleTo(caller, user)));
    return rows.stream().filter(row -> roots.containsKey(row.postId()))
        .map(row -> toThread(row, roots.get(row.postId()), people, extended)).toList();
  }

  private static UserThread toThread(ThreadRepository.UserThreadRow row, Post root, Map<String, User> people, boolean extended) {
    return new UserThread(row.postId(), row.replyCount(), row.lastReplyAt(), row.lastViewed(), participants(row, people, extended),
        root, row.unreadReplies(), row.unreadMentions(), row.following());
  }

  private static List<Object> participants(ThreadRepository.UserThreadRow row, Map<String, User> people, boolean extended) {
    return row.participants().stream().<Object>map(id -> extended && people.containsKey(id) ? people.get(id)
        : new UserThread.Participant(id)).toList();
  }

  private static ApiException notFound() {
    return ApiException.notFound("app.thread.get_for_user.app_error", "Unable to get the thread.");
  }
}
