package chorus.sharding.sessions;

import chorus.protocol.api.Session;
import chorus.protocol.cluster.SessionsRevoked;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This node's cache of sessions, so that checking a token on the request path never asks
 * another node: the database row is the truth, and a session is read from it once per node
 * and {@link #refreshAfter}. Every change that ends a session (logout, revoke) deletes the
 * row first and then announces {@link SessionsRevoked} to every node, which drops it here at
 * once; the refresh bounds how long a node that missed the announcement (pub-sub delivers at
 * most once, and nodes verify it works before they serve) can still accept the token.
 *
 * <p>Loads are shared: any number of requests for one token that is not cached wait for one
 * read. A read that started before a revocation never puts the session back: every
 * revocation bumps a generation that a load must still see when it finishes. Absence is not
 * cached, and a failed read is {@link SessionCheck.Unavailable}, not a verdict.
 *
 * <p>Thread-safe; kept small by dropping entries at their refresh time.
 */
public final class NodeSessions {
  /** Mattermost tokens are 26 characters of [a-z0-9]; anything far from that is no token. */
  private static final int MAX_TOKEN_LENGTH = 64;

  /** {@code tokenDigest} is kept so that a revocation by digest hashes nothing. */
  private record Cached(Session session, long loadedAt, String tokenDigest) {}

  private final SessionSource source;
  private final Clock clock;
  private final long refreshAfterMillis;
  private final Map<String, Cached> byToken = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<SessionCheck>> loading = new ConcurrentHashMap<>();
  private final AtomicLong generation = new AtomicLong();

  public NodeSessions(SessionSource source, Clock clock, Duration refreshAfter) {
    this.source = source;
    this.clock = clock;
    this.refreshAfterMillis = refreshAfter.toMillis();
  }

  /** The verdict on {@code token}; never fails. */
  public CompletionStage<SessionCheck> validate(String token) {
    if (!isPlausibleToken(token)) {
      return CompletableFuture.completedFuture(new SessionCheck.Invalid());
    }
    long now = clock.millis();
    Cached cached = byToken.get(token);
    if (cached != null && now - cached.loadedAt() < refreshAfterMillis) {
      if (cached.session().isExpiredAt(now)) {
        byToken.remove(token, cached);
        return CompletableFuture.completedFuture(new SessionCheck.Invalid());
      }
      return CompletableFuture.completedFuture(new SessionCheck.Valid(cached.session()));
    }
    CompletableFuture<SessionCheck> mine = new CompletableFuture<>();
    CompletableFuture<SessionCheck> running = loading.putIfAbsent(token, mine);
    if (running != null) {
      return running;
    }
    load(token, mine);
    return mine;
  }

  private void load(String token, CompletableFuture<SessionCheck> result) {
    long startedAt = generation.get();
    CompletionStage<Optional<Session>> read;
    try {
      read = source.load(token);
    } catch (RuntimeException e) {
      read = CompletableFuture.failedFuture(e);
    }
    read.whenComplete((found, failure) -> {
      SessionCheck check;
      long now = clock.millis();
      if (failure != null) {
        check = new SessionCheck.Unavailable("the session store is unavailable");
      } else if (found.isEmpty() || found.get().isExpiredAt(now)) {
        byToken.remove(token);
        check = new SessionCheck.Invalid();
      } else {
        if (generation.get() == startedAt) {
          byToken.put(token, new Cached(found.get(), now, digest(token)));
        }
        check = new SessionCheck.Valid(found.get());
      }
      loading.remove(token, result);
      result.complete(check);
    });
  }

  /** Drops revoked sessions (from this node or announced by another). */
  public void revoke(SessionsRevoked revoked) {
    generation.incrementAndGet();
    byToken.values().removeIf(cached -> revoked.sessionIds().contains(cached.session().id())
        || revoked.tokenDigests().contains(cached.tokenDigest())
        || (!revoked.userId().isEmpty() && cached.session().userId().equals(revoked.userId())));
  }

  /** Drops every entry past its refresh time; call now and then to keep the cache small. */
  public void evictStale() {
    long now = clock.millis();
    byToken.values().removeIf(cached -> now - cached.loadedAt() >= refreshAfterMillis);
  }

  public int size() {
    return byToken.size();
  }

  /** The SHA-256 digest of a token in hex: how a token is named between nodes (it is a secret). */
  public static String digest(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
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
