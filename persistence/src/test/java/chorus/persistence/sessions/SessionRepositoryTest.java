package chorus.persistence.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.persistence.TestDatabase;
import chorus.persistence.TestRecords;
import chorus.persistence.users.UserRepository;
import chorus.protocol.api.Session;
import chorus.protocol.api.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SessionRepositoryTest {
  @RegisterExtension
  static final TestDatabase db = new TestDatabase();

  private final SessionRepository sessions = new SessionRepository();
  private final UserRepository users = new UserRepository();

  private Session newSession(long createAt) {
    User user = TestRecords.user(TestRecords.username("s"));
    users.insert(db.dsl(), user, "h");
    Session session = new Session(TestRecords.id(), TestRecords.id(), createAt, createAt + 1000, createAt, user.id(),
        "device", "system_user", TestRecords.id());
    sessions.insert(db.dsl(), session);
    return session;
  }

  @Test
  void insertedSessionIsFoundByToken() {
    Session session = newSession(5000);

    assertThat(sessions.findByToken(db.dsl(), session.token())).contains(session);
    assertThat(sessions.findByToken(db.dsl(), TestRecords.id())).isEmpty();
    assertThat(sessions.findForUser(db.dsl(), session.userId())).containsExactly(session);
  }

  @Test
  void deleteByTokenReportsWhetherItExisted() {
    Session session = newSession(5000);

    assertThat(sessions.deleteByToken(db.dsl(), session.token())).isTrue();
    assertThat(sessions.deleteByToken(db.dsl(), session.token())).isFalse();
    assertThat(sessions.findByToken(db.dsl(), session.token())).isEmpty();
  }

  @Test
  void touchOnlyMovesActivityForward() {
    Session session = newSession(5000);

    sessions.touch(db.dsl(), session.token(), 9000);
    sessions.touch(db.dsl(), session.token(), 7000);

    assertThat(sessions.findByToken(db.dsl(), session.token()).orElseThrow().lastActivityAt()).isEqualTo(9000);
  }
}
