package chorus.node.tokens;

import chorus.persistence.pool.PersistencePool;
import chorus.persistence.pool.ReadPreference;
import chorus.persistence.tokens.AccessTokenRepository;
import chorus.protocol.api.Session;
import chorus.sharding.sessions.NodeSessions;
import chorus.sharding.sessions.SessionSource;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;

/**
 * The session source that also knows personal access tokens: a token that is not a login
 * session is looked up (by digest) among the access tokens. An active token of an active
 * account, while {@code EnableUserAccessTokens} is on, is a session that never expires, whose
 * id is the token's id and whose roles are its user's. It is not written to {@code sessions}
 * (Mattermost writes one): the token stays a digest in the database, and the session lives
 * only in the node caches, which revocations by id and digest reach on every node.
 */
public final class AccessTokenSessions implements SessionSource {
  private final SessionSource logins;
  private final PersistencePool pool;
  private final AccessTokenRepository tokens;
  private final BooleanSupplier enabled;
  private final Clock clock;

  public AccessTokenSessions(SessionSource logins, PersistencePool pool, AccessTokenRepository tokens, BooleanSupplier enabled,
      Clock clock) {
    this.logins = logins;
    this.pool = pool;
    this.tokens = tokens;
    this.enabled = enabled;
    this.clock = clock;
  }

  @Override
  public CompletionStage<Optional<Session>> load(String token) {
    return logins.load(token).thenCompose(found -> {
      if (found.isPresent() || !enabled.getAsBoolean()) {
        return CompletableFuture.completedFuture(found);
      }
      String digest = NodeSessions.digest(token);
      return pool.read(ReadPreference.PRIMARY, dsl -> tokens.findUsable(dsl, digest)).thenApply(owner -> owner.map(o -> {
        long now = clock.millis();
        return new Session(o.token().id(), token, now, 0, now, o.token().userId(), "", o.roles(), "");
      }));
    });
  }
}
