package chorus.sharding.sessions;

import chorus.protocol.api.Session;
import chorus.sharding.sessions.SessionEntity.Invalid;
import chorus.sharding.sessions.SessionEntity.Unavailable;
import chorus.sharding.sessions.SessionEntity.ValidationResult;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * What routes and the WebSocket gateway use to check a token: an ask to the token's
 * {@link SessionEntity}, wherever in the cluster it lives. {@link SessionEntity#init} must
 * have run on this node first.
 *
 * <p>The entity is a cache of the sessions table. When it does not answer in time — its node
 * crashed and the cluster has not removed it yet, so its shard cannot move — a Sessions with
 * a fallback reads the session from the table itself, so that signed-in users keep working
 * through the split-brain resolver's window instead of getting 503s.
 */
public final class Sessions {
  /** Mattermost tokens are 26 characters of [a-z0-9]; anything far from that is no token. */
  private static final int MAX_TOKEN_LENGTH = 64;

  private final ClusterSharding sharding;
  private final Duration timeout;
  private final Optional<SessionSource> fallback;
  private final Clock clock;

  public Sessions(ActorSystem<?> system, Duration timeout) {
    this(system, timeout, Optional.empty(), Clock.systemUTC());
  }

  /** @param fallback read when the entity does not answer within {@code timeout} */
  public Sessions(ActorSystem<?> system, Duration timeout, Optional<SessionSource> fallback, Clock clock) {
    this.sharding = ClusterSharding.get(system);
    this.timeout = timeout;
    this.fallback = fallback;
    this.clock = clock;
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
    return answer.exceptionallyCompose(failure -> fallback
        .map(source -> readDirectly(source, token))
        .orElseGet(() -> CompletableFuture.completedFuture(
            new Unavailable("the session check did not answer: " + failure.getClass().getSimpleName()))));
  }

  /** The entity's rules without the entity: unknown or expired is invalid, a failed read unavailable. */
  private CompletionStage<ValidationResult> readDirectly(SessionSource source, String token) {
    CompletionStage<Optional<Session>> read;
    try {
      read = source.load(token);
    } catch (RuntimeException e) {
      read = CompletableFuture.failedFuture(e);
    }
    return read.handle((session, failure) -> {
      if (failure != null) {
        return new Unavailable("neither the session check nor the session store answered");
      }
      return session.filter(s -> !s.isExpiredAt(clock.millis()))
          .<ValidationResult>map(SessionEntity.Valid::new)
          .orElseGet(Invalid::new);
    });
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
