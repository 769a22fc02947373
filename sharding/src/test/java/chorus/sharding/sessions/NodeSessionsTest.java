package chorus.sharding.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.protocol.api.Session;
import chorus.protocol.cluster.SessionsRevoked;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The per-node session cache's rules, without actors or a database. */
class NodeSessionsTest {
  private static final String TOKEN = "t0kenabcdefghijklmnopqrstu";

  private final Map<String, Session> rows = new ConcurrentHashMap<>();
  private final List<CompletableFuture<Optional<Session>>> pending = new ArrayList<>();
  private boolean hold;
  private int reads;
  private Instant now = Instant.parse("2026-12-02T12:00:00Z");

  private final SessionSource source = this::read;
  private final NodeSessions sessions = new NodeSessions(source, new Clock() {
    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }, Duration.ofSeconds(60));

  private CompletionStage<Optional<Session>> read(String token) {
    reads++;
    CompletableFuture<Optional<Session>> result = new CompletableFuture<>();
    if (hold) {
      pending.add(result);
    } else {
      result.complete(Optional.ofNullable(rows.get(token)));
    }
    return result;
  }

  private static Session session(String id, String userId) {
    return new Session(id, TOKEN, 0, 0, 0, userId, "", "system_user", "csrf");
  }

  private SessionCheck check(String token) {
    return sessions.validate(token).toCompletableFuture().join();
  }

  @Test
  void aSessionIsReadOnceAndServedFromTheCacheUntilItsRefresh() {
    rows.put(TOKEN, session("s1", "u1"));

    assertThat(check(TOKEN)).isInstanceOf(SessionCheck.Valid.class);
    assertThat(check(TOKEN)).isInstanceOf(SessionCheck.Valid.class);
    assertThat(reads).isEqualTo(1);

    now = now.plusSeconds(61);
    rows.remove(TOKEN);
    assertThat(check(TOKEN)).as("re-read after the refresh time").isInstanceOf(SessionCheck.Invalid.class);
    assertThat(reads).isEqualTo(2);
  }

  @Test
  void concurrentRequestsForOneTokenShareOneRead() {
    rows.put(TOKEN, session("s1", "u1"));
    hold = true;

    CompletableFuture<SessionCheck> first = sessions.validate(TOKEN).toCompletableFuture();
    CompletableFuture<SessionCheck> second = sessions.validate(TOKEN).toCompletableFuture();
    pending.forEach(read -> read.complete(Optional.of(rows.get(TOKEN))));

    assertThat(reads).isEqualTo(1);
    assertThat(first.join()).isInstanceOf(SessionCheck.Valid.class);
    assertThat(second.join()).isInstanceOf(SessionCheck.Valid.class);
  }

  @Test
  void aRevocationByIdDigestOrUserDropsTheSessionAtOnce() {
    for (SessionsRevoked revoked : List.of(new SessionsRevoked(List.of("s1"), List.of(), ""),
        new SessionsRevoked(List.of(), List.of(NodeSessions.digest(TOKEN)), ""),
        new SessionsRevoked(List.of(), List.of(), "u1"))) {
      rows.put(TOKEN, session("s1", "u1"));
      check(TOKEN);
      rows.remove(TOKEN);

      sessions.revoke(revoked);

      assertThat(check(TOKEN)).as("after %s", revoked).isInstanceOf(SessionCheck.Invalid.class);
    }
  }

  @Test
  void aReadThatStartedBeforeARevocationDoesNotPutTheSessionBack() {
    rows.put(TOKEN, session("s1", "u1"));
    hold = true;
    CompletableFuture<SessionCheck> racing = sessions.validate(TOKEN).toCompletableFuture();

    sessions.revoke(new SessionsRevoked(List.of("s1"), List.of(), ""));
    pending.forEach(read -> read.complete(Optional.of(session("s1", "u1"))));
    racing.join();
    hold = false;
    rows.remove(TOKEN);

    assertThat(check(TOKEN)).isInstanceOf(SessionCheck.Invalid.class);
  }

  @Test
  void aFailedReadIsUnavailableNotInvalidAndAnImplausibleTokenIsNeverRead() {
    NodeSessions broken = new NodeSessions(token -> CompletableFuture.failedFuture(new IllegalStateException("down")),
        Clock.systemUTC(), Duration.ofSeconds(60));

    assertThat(broken.validate(TOKEN).toCompletableFuture().join()).isInstanceOf(SessionCheck.Unavailable.class);
    assertThat(check("not a token!")).isInstanceOf(SessionCheck.Invalid.class);
    assertThat(reads).isZero();
  }
}
