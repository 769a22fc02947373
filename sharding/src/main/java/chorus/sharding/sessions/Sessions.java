package chorus.sharding.sessions;

import chorus.sharding.sessions.SessionEntity.Invalid;
import chorus.sharding.sessions.SessionEntity.Unavailable;
import chorus.sharding.sessions.SessionEntity.ValidationResult;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * What routes and the WebSocket gateway use to check a token: an ask to the token's
 * {@link SessionEntity}, wherever in the cluster it lives. {@link SessionEntity#init} must
 * have run on this node first.
 */
public final class Sessions {
  /** Mattermost tokens are 26 characters of [a-z0-9]; anything far from that is no token. */
  private static final int MAX_TOKEN_LENGTH = 64;

  private final ClusterSharding sharding;
  private final Duration timeout;

  public Sessions(ActorSystem<?> system, Duration timeout) {
    this.sharding = ClusterSharding.get(system);
    this.timeout = timeout;
  }

  /**
   * The session's verdict. Never fails: an ask that times out or cannot be delivered becomes
   * {@link Unavailable}, so a caller maps exactly three outcomes (200 / 401 / 503). A value
   * that cannot be a token is {@link Invalid} without creating an entity for it.
   */
  public CompletionStage<ValidationResult> validate(String token) {
    if (!isPlausibleToken(token)) {
      return CompletableFuture.completedFuture(new Invalid());
    }
    CompletionStage<ValidationResult> answer =
        sharding.entityRefFor(SessionEntity.TYPE_KEY, SessionEntity.entityId(token))
            .ask(replyTo -> new SessionEntity.Validate(token, replyTo), timeout);
    return answer.exceptionally(failure -> new Unavailable("the session check did not answer: " + failure.getClass().getSimpleName()));
  }

  /**
   * Drops the cached session everywhere; call it after deleting or changing the session's
   * row. The stage completes once the entity has dropped it, so a request that starts after
   * it cannot see the old session; a caller that does not need that may ignore the stage.
   */
  public CompletionStage<Done> invalidate(String token) {
    if (!isPlausibleToken(token)) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    return sharding.entityRefFor(SessionEntity.TYPE_KEY, SessionEntity.entityId(token)).ask(SessionEntity.Invalidate::new, timeout);
  }

  /**
   * Records that the session's user wrote just now, so that its next reads, on any node, see
   * the write (they go to the primary for a while). Completes once recorded; fails if the
   * entity did not answer in time.
   */
  public CompletionStage<Done> recordWrite(String token, long at) {
    if (!isPlausibleToken(token)) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    return sharding.entityRefFor(SessionEntity.TYPE_KEY, SessionEntity.entityId(token))
        .ask(replyTo -> new SessionEntity.RecordWrite(at, replyTo), timeout);
  }

  static boolean isPlausibleToken(String token) {
    if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
      return false;
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!alnum) {
        return false;
      }
    }
    return true;
  }
}
