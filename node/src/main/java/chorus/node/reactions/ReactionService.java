package chorus.node.reactions;

import chorus.node.channels.ChannelAccess;
import chorus.node.events.ChannelEvents;
import chorus.node.events.EventPublisher;
import chorus.node.events.OrderedWrites;
import chorus.node.http.ApiException;
import chorus.node.http.Caller;
import chorus.persistence.channels.ChannelAccessRow;
import chorus.persistence.channels.ChannelRepository;
import chorus.persistence.pool.PersistencePool;
import chorus.persistence.pool.ReadPreference;
import chorus.persistence.posts.PostRepository;
import chorus.persistence.posts.ReactionRepository;
import chorus.protocol.api.Channel;
import chorus.protocol.api.Post;
import chorus.protocol.api.Reaction;
import chorus.protocol.api.SaveReactionRequest;
import chorus.protocol.cluster.ClusterEvent;
import chorus.protocol.ids.Ids;
import chorus.protocol.ws.EventType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import org.jooq.DSLContext;

/**
 * Reactions on posts, with Mattermost's rules: members of the post's channel add and remove
 * their own (system admins anyone's); nobody reacts in an archived channel; a post takes at
 * most {@value #MAX_EMOJIS_PER_POST} different emojis (Mattermost's default
 * {@code UniqueEmojiReactionLimitPerPost}). Each change is a durable event of the post's
 * channel, {@code reaction_added} / {@code reaction_removed} with data {@code reaction} as a
 * JSON string. Those who read the channel read its reactions.
 */
public final class ReactionService {
  static final int MAX_EMOJIS_PER_POST = 50;
  /** Mattermost's {@code EmojiNameMaxLength} and its emoji name pattern. */
  private static final Pattern EMOJI_NAME = Pattern.compile("^[a-zA-Z0-9\\-+_]{1,64}$");
  /** A page of posts asks for its reactions at once; a cap keeps one request bounded. */
  static final int MAX_POSTS_PER_REQUEST = 200;

  private final PersistencePool pool;
  private final OrderedWrites ordered;
  private final ReactionRepository reactions;
  private final PostRepository posts;
  private final ChannelRepository channels;
  private final ChannelAccess access;
  private final ChannelEvents channelEvents;
  private final EventPublisher events;
  private final Clock clock;

  public ReactionService(PersistencePool pool, OrderedWrites ordered, ReactionRepository reactions, PostRepository posts,
      ChannelRepository channels, ChannelAccess access, ChannelEvents channelEvents, EventPublisher events, Clock clock) {
    this.pool = pool;
    this.ordered = ordered;
    this.reactions = reactions;
    this.posts = posts;
    this.channels = channels;
    this.access = access;
    this.channelEvents = channelEvents;
    this.events = events;
    this.clock = clock;
  }

  public CompletionStage<Reaction> save(Caller caller, SaveReactionRequest request) {
    if (!Ids.isValid(request.userId()) || !Ids.isValid(request.postId()) || request.emojiName() == null
        || !EMOJI_NAME.matcher(request.emojiName()).matches()) {
      return CompletableFuture.failedFuture(ApiException.badRequest("api.reaction.save_reaction.invalid.app_error",
          "Reaction is not valid."));
    }
    if (!request.userId().equals(caller.userId())) {
      return CompletableFuture.failedFuture(new ApiException(403, "api.reaction.save_reaction.user_id.app_error",
          "You cannot save reaction for the other user."));
    }
    long now = clock.millis();
    return ordered.write(dsl -> {
      Post post = memberPost(dsl, caller, request.postId());
      Channel channel = channels.findById(dsl, post.channelId()).orElseThrow(ApiException::forbidden);
      if (channel.deleteAt() > 0) {
        throw new ApiException(403, "api.reaction.save.archived_channel.app_error", "You cannot react to posts in an archived channel.");
      }
      if (!reactions.emojiOnPost(dsl, post.id(), request.emojiName()) && reactions.distinctEmojis(dsl, post.id()) >= MAX_EMOJIS_PER_POST) {
        throw ApiException.badRequest("app.reaction.save.save.too_many_reactions", "Reaction limit has been reached for this post.");
      }
      Reaction saved = reactions.save(dsl, Reaction.of(caller.userId(), post.id(), request.emojiName(), post.channelId(), now, now));
      return new Changed(saved, List.of(announcement(dsl, EventType.REACTION_ADDED, saved)));
    }, Changed::events).thenApply(Changed::reaction);
  }

  public CompletionStage<Void> delete(Caller caller, String userId, String postId, String emojiName) {
    if (!EMOJI_NAME.matcher(emojiName).matches()) {
      return CompletableFuture.failedFuture(ApiException.invalidUrlParam("emoji_name"));
    }
    return ordered.write(dsl -> {
      Post post = memberPost(dsl, caller, postId);
      if (!userId.equals(caller.userId()) && !caller.isSystemAdmin()) {
        throw ApiException.forbidden();
      }
      Channel channel = channels.findById(dsl, post.channelId()).orElseThrow(ApiException::forbidden);
      if (channel.deleteAt() > 0) {
        throw new ApiException(403, "api.reaction.delete.archived_channel.app_error",
            "You cannot remove a reaction in an archived channel.");
      }
      if (!reactions.delete(dsl, postId, userId, emojiName)) {
        return new Changed(null, List.of());
      }
      Reaction removed = Reaction.of(userId, postId, emojiName, post.channelId(), 0, clock.millis());
      return new Changed(removed, List.of(announcement(dsl, EventType.REACTION_REMOVED, removed)));
    }, Changed::events).thenAccept(done -> {});
  }

  /** {@code GET /posts/{id}/reactions}: the post's reactions, oldest first. */
  public CompletionStage<List<Reaction>> forPost(Caller caller, String postId) {
    return pool.read(ReadPreference.PRIMARY, dsl -> {
      readablePost(dsl, caller, postId);
      return reactions.forPosts(dsl, List.of(postId));
    });
  }

  /** {@code POST /posts/ids/reactions}: every asked post, with an empty list for one without reactions. */
  public CompletionStage<Map<String, List<Reaction>>> forPosts(Caller caller, List<String> postIds) {
    if (postIds.size() > MAX_POSTS_PER_REQUEST || postIds.stream().anyMatch(id -> !Ids.isValid(id))) {
      return CompletableFuture.failedFuture(ApiException.invalidBody("post_ids: at most " + MAX_POSTS_PER_REQUEST + " post ids"));
    }
    List<String> unique = List.copyOf(new LinkedHashSet<>(postIds));
    return pool.read(ReadPreference.PRIMARY, dsl -> {
      unique.forEach(id -> readablePost(dsl, caller, id));
      Map<String, List<Reaction>> byPost = new LinkedHashMap<>();
      unique.forEach(id -> byPost.put(id, new ArrayList<>()));
      reactions.forPosts(dsl, unique).forEach(r -> byPost.get(r.postId()).add(r));
      return byPost;
    });
  }

  /**
   * The live post, if the caller may react in its channel (Mattermost's add_reaction and
   * remove_reaction belong to channel members). Like Mattermost, a post that does not exist is
   * a permission error: the check is by post, and there is nothing to check against.
   */
  private Post memberPost(DSLContext dsl, Caller caller, String postId) {
    Post post = live(dsl, postId).orElseThrow(ApiException::forbidden);
    ChannelAccessRow row = channels.findWithAccess(dsl, post.channelId(), caller.userId()).orElseThrow(ApiException::forbidden);
    if (!row.member() && !caller.isSystemAdmin()) {
      throw ApiException.forbidden();
    }
    return post;
  }

  private void readablePost(DSLContext dsl, Caller caller, String postId) {
    Post post = live(dsl, postId).orElseThrow(ApiException::forbidden);
    access.readable(dsl, caller, post.channelId());
  }

  private Optional<Post> live(DSLContext dsl, String postId) {
    return posts.findById(dsl, postId).filter(p -> p.deleteAt() == 0);
  }

  private ClusterEvent announcement(DSLContext dsl, String event, Reaction reaction) {
    return channelEvents.append(dsl, reaction.channelId(), event, Map.of("reaction", events.jsonString(reaction)), "");
  }

  /** The reaction and its event; none when a removal found nothing to remove. */
  private record Changed(Reaction reaction, List<ClusterEvent> events) {}
}
