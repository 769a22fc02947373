package chorus.sharding.sessions;

import chorus.protocol.api.Session;
import chorus.protocol.cluster.CborSerializable;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * One login session, sharded by its token, so that every node asks the same actor and the
 * database is read once per session rather than once per request.
 *
 * <p>State: the cached {@link Session} (or nothing), and while a load is running the reply
 * addresses of the {@link Validate} requests that wait for it (bounded: beyond
 * {@value #MAX_WAITING} a request is answered {@link Unavailable} at once). A load carries a
 * generation number; {@link Invalidate} bumps it, so a load that started before the
 * invalidation can never put the old session back into the cache.
 *
 * <p>Rules: an unknown token is {@link Invalid}; an expired session is {@link Invalid} and is
 * dropped from the cache; a failed load is {@link Unavailable} (a 503, not a 401: the caller
 * may well be logged in). Absence is not cached, so a token is looked up again on its next
 * use.
 *
 * <p>It also remembers when its user last wrote through this session ({@link RecordWrite}), for
 * read-your-writes routing. Idle passivation comes long after that window has closed; a move
 * to another node (rebalance, node loss) forgets it, and reads then rely on the replica lag
 * limit alone.
 *
 * <p>Lost on passivation or move: only the cache. The entity uses sharding's default idle
 * passivation; the next request reloads from the database. Logout deletes the database row
 * first and then sends {@link Invalidate}, so no incarnation can reload a deleted session.
 * A cached session is not re-read while the entity lives: whoever changes a session's row
 * (roles, expiry) must invalidate it too.
 *
 * <p>The entity id is a SHA-256 digest of the token, not the token: entity ids show up in actor
 * paths and therefore in logs, and a token is a secret. {@link Validate} carries the token itself,
 * which the entity needs to read its row.
 */
public final class SessionEntity extends AbstractBehavior<SessionEntity.Command> {

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Session");

  static final int MAX_WAITING = 1000;

  public sealed interface Command extends CborSerializable {}

  /** Is the session valid now? Answers {@link Valid}, {@link Invalid} or {@link Unavailable}. */
  public record Validate(String token, ActorRef<ValidationResult> replyTo) implements Command {}

  /** Forget the cached session (after the row was deleted or changed); answers {@link Done}. */
  public record Invalidate(ActorRef<Done> replyTo) implements Command {}

  /**
   * The session's user just wrote at {@code at} (epoch ms); {@link Valid} carries the latest such
   * time so that every node can send that user's reads to the primary for a while (read your
   * writes across nodes). Answers {@link Done} once recorded.
   */
  public record RecordWrite(long at, ActorRef<Done> replyTo) implements Command {}

  private record Loaded(long generation, Optional<Session> session, Throwable failure) implements Command {}

  public sealed interface ValidationResult extends CborSerializable {}

  /** @param lastWriteAt when this session last recorded a write (epoch ms), 0 if never while the entity lived */
  public record Valid(Session session, long lastWriteAt) implements ValidationResult {
    public Valid(Session session) {
      this(session, 0);
    }
  }

  public record Invalid() implements ValidationResult {}

  /** The session could not be checked (database unreachable, timeout); not a verdict on the token. */
  public record Unavailable(String reason) implements ValidationResult {}

  private final String entityId;
  private String token;
  private final SessionSource source;
  private final Clock clock;
  private Session cached;
  private long lastWriteAt;
  private long generation;
  private boolean loading;
  private final List<ActorRef<ValidationResult>> waiting = new ArrayList<>();

  /** Starts (or returns) this node's shard region for sessions. */
  public static ActorRef<ShardingEnvelope<Command>> init(ActorSystem<?> system, SessionSource source, Clock clock) {
    return ClusterSharding.get(system)
        .init(Entity.of(TYPE_KEY, entityContext -> create(entityContext.getEntityId(), source, clock)));
  }

  public static Behavior<Command> create(String entityId, SessionSource source, Clock clock) {
    return Behaviors.setup(ctx -> new SessionEntity(ctx, entityId, source, clock));
  }

  /** The entity id for a token: its SHA-256 digest in hex. */
  public static String entityId(String token) {
    try {
      return java.util.HexFormat.of().formatHex(
          java.security.MessageDigest.getInstance("SHA-256").digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private SessionEntity(ActorContext<Command> ctx, String entityId, SessionSource source, Clock clock) {
    super(ctx);
    this.entityId = entityId;
    this.source = source;
    this.clock = clock;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Validate.class, this::onValidate)
        .onMessage(Invalidate.class, this::onInvalidate)
        .onMessage(RecordWrite.class, this::onRecordWrite)
        .onMessage(Loaded.class, this::onLoaded)
        .build();
  }

  private Behavior<Command> onValidate(Validate msg) {
    if (token == null) {
      if (!entityId(msg.token()).equals(entityId)) {
        msg.replyTo().tell(new Invalid());
        return this;
      }
      token = msg.token();
    }
    if (cached != null) {
      if (cached.isExpiredAt(clock.millis())) {
        cached = null;
        msg.replyTo().tell(new Invalid());
      } else {
        msg.replyTo().tell(new Valid(cached, lastWriteAt));
      }
      return this;
    }
    if (waiting.size() >= MAX_WAITING) {
      msg.replyTo().tell(new Unavailable("too many requests are waiting for this session"));
      return this;
    }
    waiting.add(msg.replyTo());
    if (!loading) {
      startLoad();
    }
    return this;
  }

  private Behavior<Command> onInvalidate(Invalidate msg) {
    cached = null;
    generation++;
    if (loading) {
      // The running load may have read the row before it was deleted; its answer is now
      // stale, so the waiting requests get a fresh one.
      startLoad();
    }
    msg.replyTo().tell(Done.getInstance());
    return this;
  }

  private Behavior<Command> onRecordWrite(RecordWrite msg) {
    lastWriteAt = Math.max(lastWriteAt, msg.at());
    msg.replyTo().tell(Done.getInstance());
    return this;
  }

  private Behavior<Command> onLoaded(Loaded msg) {
    if (msg.generation() != generation) {
      return this;
    }
    loading = false;
    ValidationResult result;
    if (msg.failure() != null) {
      getContext().getLog().warn("Loading a session failed: {}", msg.failure().toString());
      result = new Unavailable("the session store is unavailable");
    } else if (msg.session().isEmpty() || msg.session().get().isExpiredAt(clock.millis())) {
      result = new Invalid();
    } else {
      cached = msg.session().get();
      result = new Valid(cached, lastWriteAt);
    }
    waiting.forEach(replyTo -> replyTo.tell(result));
    waiting.clear();
    return this;
  }

  private void startLoad() {
    loading = true;
    long loadGeneration = generation;
    getContext().pipeToSelf(
        safeLoad(),
        (session, failure) -> new Loaded(loadGeneration, failure == null ? session : Optional.empty(), failure));
  }

  /** A source that throws instead of failing its stage is treated like a failed load. */
  private CompletionStage<Optional<Session>> safeLoad() {
    try {
      return source.load(token);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
