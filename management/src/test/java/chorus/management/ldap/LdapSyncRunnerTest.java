package chorus.management.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import chorus.management.testkit.LdapTestServer;
import chorus.management.testkit.RecordingJobContext;
import chorus.persistence.TestDatabase;
import chorus.persistence.sessions.SessionRepository;
import chorus.persistence.users.LdapAccountStore;
import chorus.persistence.users.LdapUserRepository;
import chorus.persistence.users.UserRepository;
import chorus.protocol.api.Job;
import chorus.protocol.api.Session;
import chorus.protocol.api.User;
import chorus.protocol.cluster.BusMessage;
import chorus.protocol.cluster.SessionsRevoked;
import chorus.protocol.config.LdapSettings;
import chorus.protocol.ids.Ids;
import chorus.sharding.ActorSpawner;
import chorus.sharding.events.EventBus;
import chorus.sharding.sessions.NodeSessions;
import chorus.sharding.sessions.SessionCheck;
import chorus.sharding.sessions.SessionRevocations;
import com.typesafe.config.ConfigFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ldap_sync runner against a real LDAP server over loopback TCP and a real PostgreSQL,
 * revoking through a real event bus and node session cache. A sync judges every LDAP account
 * in the database, so each test starts with none (and its people under an organizational
 * unit of its own in the shared directory).
 */
class LdapSyncRunnerTest {
  @RegisterExtension
  static final TestDatabase db = new TestDatabase();

  private static LdapTestServer ldap;
  private static ActorTestKit testKit;
  private static EventBus bus;
  private static NodeSessions sessions;
  private static TestProbe<BusMessage> busProbe;

  private final UserRepository users = new UserRepository();
  private final LdapUserRepository ldapUsers = new LdapUserRepository(users);
  private final SessionRepository sessionRows = new SessionRepository();
  private final Ids ids = new Ids();

  @BeforeAll
  static void start() {
    ldap = LdapTestServer.start();
    testKit = ActorTestKit.create("LdapSync",
        ConfigFactory.parseResources("application-test.conf").withFallback(ConfigFactory.load()).resolve());
    Cluster cluster = Cluster.get(testKit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    await().atMost(Duration.ofSeconds(20)).until(() -> cluster.selfMember().status() == MemberStatus.up());
    bus = EventBus.create(ActorSpawner.systemActors(testKit.system()));
    busProbe = testKit.createTestProbe(BusMessage.class);
    bus.subscribeAll(busProbe.ref());
    // The topic learns of its local subscriber asynchronously; announce until it has.
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      bus.publishNotice("warm-up", new SessionsRevoked(List.of(), List.of(), "warm-up"));
      return busProbe.receiveSeveralMessages(1, Duration.ofMillis(200)).size() == 1;
    });
    SessionRepository rows = new SessionRepository();
    sessions = new NodeSessions(token -> CompletableFuture.completedFuture(rows.findByToken(db.dsl(), token)),
        Clock.systemUTC(), Duration.ofMinutes(10));
  }

  @AfterAll
  static void stop() {
    if (testKit != null) {
      testKit.shutdownTestKit();
    }
    if (ldap != null) {
      ldap.close();
    }
  }

  @BeforeEach
  void noLdapAccounts() {
    db.dsl().execute("DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE auth_service = 'ldap')");
    db.dsl().execute("DELETE FROM users WHERE auth_service = 'ldap'");
  }

  private LdapSyncRunner runner(AtomicReference<LdapSettings> settings) {
    return new LdapSyncRunner(settings::get, new LdapAccountStore(db.dataSource(), ldapUsers, sessionRows, ids),
        new SessionRevocations(sessions, bus), Clock.systemUTC());
  }

  private static LdapSettings settingsUnder(String ou, int pageSize) {
    LdapSettings base = ldap.settings(pageSize);
    return new LdapSettings(base.enable(), base.enableSync(), base.ldapServer(), base.ldapPort(), base.connectionSecurity(),
        "ou=" + ou + "," + LdapTestServer.PEOPLE, base.bindUsername(), base.bindPassword(), base.userFilter(), base.idAttribute(),
        base.emailAttribute(), base.usernameAttribute(), base.firstNameAttribute(), base.lastNameAttribute(),
        base.loginIdAttribute(), base.syncIntervalMinutes(), base.maxPageSize(), base.queryTimeout(), base.maximumLoginAttempts());
  }

  private static String ou() {
    String ou = "t" + Ids.unique().substring(0, 10);
    ldap.addUnit(ou);
    return ou;
  }

  private static String person(String ou, String name) {
    String uid = name + Ids.unique().substring(0, 8);
    ldap.addPerson(ou, "id-" + uid, uid, uid + "@corp.example.com", "First " + name, "Last " + name, "pw-" + uid);
    return uid;
  }

  private Optional<User> account(String uid) {
    return ldapUsers.findByAuthData(db.dsl(), "id-" + uid);
  }

  private Session signIn(User user) {
    long now = System.currentTimeMillis();
    Session session = new Session(ids.next(), ids.next(), now, now + 3_600_000, now, user.id(), "", user.roles(), ids.next());
    sessionRows.insert(db.dsl(), session);
    return session;
  }

  @Test
  void aSyncInSeveralPagesCreatesUpdatesAndDeactivatesAndRevokesTheDeactivatedUsersSessions() throws Exception {
    String ou = ou();
    AtomicReference<LdapSettings> settings = new AtomicReference<>(settingsUnder(ou, 2));
    List<String> people = List.of(person(ou, "ann"), person(ou, "bob"), person(ou, "cat"), person(ou, "dan"), person(ou, "eve"));

    RecordingJobContext first = RecordingJobContext.of(Ids.unique(), Job.LDAP_SYNC, Map.of());
    var firstOutcome = runner(settings).run(first);

    assertThat(firstOutcome.status()).isEqualTo(Job.SUCCESS);
    assertThat(firstOutcome.data()).containsEntry("pages", "3").containsEntry("created", "5").containsEntry("deactivated", "0");
    // One checkpoint per page, then the final one.
    assertThat(first.checkpoints()).hasSize(4);
    assertThat(first.checkpoints().get(3).progress()).isEqualTo(100);
    User bob = account(people.get(1)).orElseThrow();
    assertThat(bob.authService()).isEqualTo("ldap");
    assertThat(bob.username()).isEqualTo(people.get(1));
    assertThat(bob.firstName()).isEqualTo("First bob");

    // bob leaves the directory (with a live session), cat changes name, fay joins.
    Session bobsSession = signIn(bob);
    assertThat(sessions.validate(bobsSession.token()).toCompletableFuture().get()).isInstanceOf(SessionCheck.Valid.class);
    ldap.delete(ou, people.get(1));
    ldap.replace(ou, people.get(2), "sn", "Renamed");
    String fay = person(ou, "fay");

    RecordingJobContext second = RecordingJobContext.of(Ids.unique(), Job.LDAP_SYNC, Map.of());
    var secondOutcome = runner(settings).run(second);

    assertThat(secondOutcome.data()).containsEntry("pages", "3").containsEntry("created", "1").containsEntry("updated", "1")
        .containsEntry("unchanged", "3").containsEntry("deactivated", "1");
    assertThat(account(people.get(1)).orElseThrow().deleteAt()).isPositive();
    assertThat(account(people.get(2)).orElseThrow().lastName()).isEqualTo("Renamed");
    assertThat(account(fay)).isPresent();
    assertThat(sessionRows.findForUser(db.dsl(), bob.id())).isEmpty();
    assertThat(sessions.validate(bobsSession.token()).toCompletableFuture().get()).isInstanceOf(SessionCheck.Invalid.class);
    // Every node hears of it: the revocation for bob went over the bus.
    await().atMost(Duration.ofSeconds(5)).until(() -> busProbe.receiveSeveralMessages(1, Duration.ofSeconds(5)).stream()
        .anyMatch(m -> m instanceof SessionsRevoked r && r.userId().equals(bob.id())));
  }

  @Test
  void runningTheSameJobAgainAfterACrashCreatesNoDuplicates() throws Exception {
    String ou = ou();
    AtomicReference<LdapSettings> settings = new AtomicReference<>(settingsUnder(ou, 2));
    for (String name : List.of("gus", "hal", "ivy", "jon", "kim")) {
      person(ou, name);
    }
    String jobId = Ids.unique();

    // The worker dies at the second page's checkpoint: the first two pages are written.
    RecordingJobContext crashing = RecordingJobContext.crashingAt(jobId, Job.LDAP_SYNC, 2);
    assertThatThrownBy(() -> runner(settings).run(crashing)).isInstanceOf(RecordingJobContext.SimulatedCrash.class);
    long afterCrash = ldapUsers.countActive(db.dsl());
    var rerun = runner(settings).run(crashing.reclaimed());

    assertThat(afterCrash).isEqualTo(4);
    assertThat(rerun.status()).isEqualTo(Job.SUCCESS);
    assertThat(rerun.data()).containsEntry("created", "1").containsEntry("unchanged", "4");
    assertThat(ldapUsers.countActive(db.dsl())).isEqualTo(5);
    assertThat(ldapUsers.accounts(db.dsl())).hasSize(5);
  }

  @Test
  void aDirectoryThatReturnsNobodyDeactivatesNobody() throws Exception {
    String ou = ou();
    AtomicReference<LdapSettings> settings = new AtomicReference<>(settingsUnder(ou, 0));
    String lou = person(ou, "lou");
    runner(settings).run(RecordingJobContext.of(Ids.unique(), Job.LDAP_SYNC, Map.of()));

    // A filter that matches no one, as a typo would.
    LdapSettings wrong = settings.get();
    settings.set(new LdapSettings(true, true, wrong.ldapServer(), wrong.ldapPort(), "", wrong.baseDN(), wrong.bindUsername(),
        wrong.bindPassword(), "(objectClass=nothingLikeThis)", wrong.idAttribute(), wrong.emailAttribute(),
        wrong.usernameAttribute(), wrong.firstNameAttribute(), wrong.lastNameAttribute(), wrong.loginIdAttribute(), 60, 0, 5, 10));
    var outcome = runner(settings).run(RecordingJobContext.of(Ids.unique(), Job.LDAP_SYNC, Map.of()));

    assertThat(outcome.status()).isEqualTo(Job.WARNING);
    assertThat(account(lou).orElseThrow().deleteAt()).isZero();
  }

  @Test
  void anUnreachableDirectoryFailsTheJobWithoutTouchingAccounts() throws Exception {
    LdapSettings base = ldap.settings(0);
    AtomicReference<LdapSettings> settings = new AtomicReference<>(new LdapSettings(true, true, "127.0.0.1", 1, "", base.baseDN(),
        base.bindUsername(), base.bindPassword(), base.userFilter(), base.idAttribute(), base.emailAttribute(),
        base.usernameAttribute(), base.firstNameAttribute(), base.lastNameAttribute(), base.loginIdAttribute(), 60, 0, 2, 10));
    String ou = ou();
    String mo = person(ou, "mo");
    runner(new AtomicReference<>(settingsUnder(ou, 0))).run(RecordingJobContext.of(Ids.unique(), Job.LDAP_SYNC, Map.of()));

    assertThatThrownBy(() -> runner(settings).run(RecordingJobContext.of(Ids.unique(), Job.LDAP_SYNC, Map.of())))
        .isInstanceOf(LdapUnavailableException.class);
    assertThat(account(mo).orElseThrow().deleteAt()).isZero();
  }
}
