package chorus.sharding.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chorus.protocol.api.Session;
import chorus.sharding.sessions.SessionEntity.Invalid;
import chorus.sharding.sessions.SessionEntity.Unavailable;
import chorus.sharding.sessions.SessionEntity.Valid;
import chorus.sharding.sessions.SessionEntity.ValidationResult;
import chorus.sharding.testing.InMemorySessionSource;
import chorus.sharding.testing.MutableClock;
import chorus.sharding.testing.TestNodes;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SessionEntityTest {
  private static final long NOW = 1_700_000_000_000L;
  private static final Duration WAIT = Duration.ofSeconds(5);

  private static ActorTestKit testKit;
  private static InMemorySessionSource source;
  private static MutableClock clock;
  private static Sessions sessions;

  @BeforeAll
  static void start() {
    testKit = TestNodes.singleNode("SessionEntityTest");
    source = new InMemorySessionSource();
    clock = new MutableClock(NOW);
    SessionEntity.init(testKit.system(), source, clock);
    sessions = new Sessions(testKit.system(), Duration.ofSeconds(3));
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static String token() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 26);
  }

  private static Session session(String token, long expiresAt) {
    return new Session("id-" + token, token, NOW - 1000, expiresAt, NOW - 1000, "user-" + token, "", "system_user", "csrf");
  }

  private static ValidationResult validate(String token) throws Exception {
    return sessions.validate(token).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private static EntityRef<SessionEntity.Command> entity(String token) {
    return ClusterSharding.get(testKit.system()).entityRefFor(SessionEntity.TYPE_KEY, SessionEntity.entityId(token));
  }

  @Test
  void aStoredSessionIsValidAndLoadedOnlyOnce() throws Exception {
    String token = token();
    Session s = session(token, NOW + 60_000);
    source.put(s);

    assertThat(validate(token)).isEqualTo(new Valid(s));
    assertThat(validate(token)).isEqualTo(new Valid(s));
    assertThat(source.loads(token)).isEqualTo(1);
  }

  @Test
  void aRecordedWriteTravelsWithTheSessionAndSurvivesInvalidation() throws Exception {
    String token = token();
    Session s = session(token, NOW + 60_000);
    source.put(s);
    assertThat(validate(token)).isEqualTo(new Valid(s, 0));

    sessions.recordWrite(token, NOW + 5).toCompletableFuture().get(5, TimeUnit.SECONDS);
    // An older time arriving late must not move the mark back.
    sessions.recordWrite(token, NOW + 1).toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(validate(token)).isEqualTo(new Valid(s, NOW + 5));

    sessions.invalidate(token).toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(validate(token)).isEqualTo(new Valid(s, NOW + 5));
  }

  @Test
  void aSessionThatNeverExpiresIsValid() throws Exception {
    String token = token();
    source.put(session(token, 0));
    assertThat(validate(token)).isInstanceOf(Valid.class);
  }

  @Test
  void anUnknownTokenIsInvalid() throws Exception {
    assertThat(validate(token())).isEqualTo(new Invalid());
  }

  @Test
  void anEmptyTokenIsInvalidWithoutAnEntity() throws Exception {
    assertThat(validate("")).isEqualTo(new Invalid());
    assertThat(sessions.validate(null).toCompletableFuture().get(1, TimeUnit.SECONDS)).isEqualTo(new Invalid());
  }

  @Test
  void aValueThatCannotBeATokenIsInvalidWithoutALoad() throws Exception {
    String slashy = "abc/def";
    String huge = "a".repeat(10_000);
    assertThat(validate(slashy)).isEqualTo(new Invalid());
    assertThat(validate(huge)).isEqualTo(new Invalid());
    assertThat(source.loads(slashy)).isZero();
    assertThat(source.loads(huge)).isZero();
  }

  @Test
  void anExpiredSessionIsInvalid() throws Exception {
    String token = token();
    source.put(session(token, NOW));
    assertThat(validate(token)).isEqualTo(new Invalid());
  }

  @Test
  void aCachedSessionThatExpiresBecomesInvalidAndIsDropped() throws Exception {
    String token = token();
    source.put(session(token, clock.millis() + 10_000));
    assertThat(validate(token)).isInstanceOf(Valid.class);

    clock.advance(Duration.ofSeconds(10));
    assertThat(validate(token)).isEqualTo(new Invalid());
    // Dropped from the cache: the next check asks the database again (which still says expired).
    assertThat(validate(token)).isEqualTo(new Invalid());
    assertThat(source.loads(token)).isEqualTo(2);
  }

  @Test
  void invalidateDropsTheCacheSoTheNextCheckReloads() throws Exception {
    String token = token();
    source.put(session(token, 0));
    assertThat(validate(token)).isInstanceOf(Valid.class);

    source.delete(token);
    assertThat(validate(token)).as("still cached").isInstanceOf(Valid.class);
    assertThat(sessions.invalidate(token).toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(Done.getInstance());

    assertThat(validate(token)).isEqualTo(new Invalid());
    assertThat(source.loads(token)).isEqualTo(2);
  }

  @Test
  void invalidateReloadsChangedRows() throws Exception {
    String token = token();
    source.put(session(token, 0));
    assertThat(validate(token)).isInstanceOf(Valid.class);

    Session promoted = new Session("id-" + token, token, NOW, 0, NOW, "user-" + token, "", "system_user system_admin", "csrf");
    source.put(promoted);
    sessions.invalidate(token).toCompletableFuture().get(5, TimeUnit.SECONDS);

    assertThat(validate(token)).isEqualTo(new Valid(promoted));
  }

  @Test
  void aFailedLoadIsUnavailableNotInvalidAndIsNotCached() throws Exception {
    String token = token();
    source.put(session(token, 0));
    source.failFor(token, true);

    assertThat(validate(token)).isInstanceOf(Unavailable.class);

    source.failFor(token, false);
    assertThat(validate(token)).isInstanceOf(Valid.class);
  }

  @Test
  void checksThatArriveDuringALoadWaitForItAndShareIt() {
    String token = token();
    Session s = session(token, 0);
    source.hold(token);
    TestProbe<ValidationResult> probe = testKit.createTestProbe();

    for (int i = 0; i < 3; i++) {
      entity(token).tell(new SessionEntity.Validate(token, probe.ref()));
    }
    var pending = awaitHeld(token);
    probe.expectNoMessage(Duration.ofMillis(200));
    pending.complete(Optional.of(s));

    for (int i = 0; i < 3; i++) {
      assertThat(probe.expectMessageClass(Valid.class, WAIT).session()).isEqualTo(s);
    }
    assertThat(source.loads(token)).isEqualTo(1);
  }

  @Test
  void anInvalidateDuringALoadDiscardsThatLoadsAnswer() {
    String token = token();
    source.hold(token);
    TestProbe<ValidationResult> probe = testKit.createTestProbe();
    TestProbe<Done> done = testKit.createTestProbe();

    entity(token).tell(new SessionEntity.Validate(token, probe.ref()));
    var stale = awaitHeld(token);
    entity(token).tell(new SessionEntity.Invalidate(done.ref()));
    done.expectMessage(WAIT, Done.getInstance());
    var fresh = awaitHeld(token);

    // The first load read the row before logout deleted it; its answer must not count.
    stale.complete(Optional.of(session(token, 0)));
    probe.expectNoMessage(Duration.ofMillis(200));
    fresh.complete(Optional.empty());
    probe.expectMessage(WAIT, new Invalid());
  }

  @Test
  void anAskThatTimesOutIsUnavailable() throws Exception {
    String token = token();
    source.hold(token);
    Sessions impatient = new Sessions(testKit.system(), Duration.ofMillis(300));

    ValidationResult result = impatient.validate(token).toCompletableFuture().get(5, TimeUnit.SECONDS);

    assertThat(result).isInstanceOf(Unavailable.class);
  }

  private static CompletableFuture<Optional<Session>> awaitHeld(String token) {
    AtomicReference<CompletableFuture<Optional<Session>>> holder = new AtomicReference<>();
    await().atMost(WAIT).until(() -> {
      holder.set(source.nextHeld(token));
      return holder.get() != null;
    });
    return holder.get();
  }

  @Test
  void whenTheEntityDoesNotAnswerInTimeTheSessionIsReadFromTheStoreItself() throws Exception {
    String known = token();
    String unknown = token();
    String broken = token();
    source.hold(known);
    source.hold(unknown);
    source.hold(broken);
    InMemorySessionSource table = new InMemorySessionSource();
    Session stored = session(known, NOW + 60_000);
    table.put(stored);
    table.failFor(broken, true);
    Sessions withFallback = new Sessions(testKit.system(), Duration.ofMillis(300), Optional.of(table), clock);

    assertThat(withFallback.validate(known).toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(new Valid(stored));
    assertThat(withFallback.validate(unknown).toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(new Invalid());
    assertThat(withFallback.validate(broken).toCompletableFuture().get(5, TimeUnit.SECONDS)).isInstanceOf(Unavailable.class);
    assertThat(table.loads(known)).isEqualTo(1);
  }
}
