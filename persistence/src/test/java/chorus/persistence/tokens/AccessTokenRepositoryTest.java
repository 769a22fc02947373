package chorus.persistence.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.persistence.TestDatabase;
import chorus.persistence.TestRecords;
import chorus.persistence.users.UserRepository;
import chorus.protocol.api.User;
import chorus.protocol.api.UserAccessToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AccessTokenRepositoryTest {
  @RegisterExtension
  static final TestDatabase db = new TestDatabase();

  private final AccessTokenRepository tokens = new AccessTokenRepository();
  private final UserRepository users = new UserRepository();

  private record Stored(UserAccessToken token, String hash) {}

  private Stored newToken() {
    User user = TestRecords.user(TestRecords.username("t"));
    users.insert(db.dsl(), user, "h");
    UserAccessToken token = new UserAccessToken(TestRecords.id(), TestRecords.id(), user.id(), "script", true);
    String hash = "%064d".formatted(Math.abs(token.id().hashCode()));
    tokens.insert(db.dsl(), token, hash);
    return new Stored(token, hash);
  }

  @Test
  void theTokenItselfIsNeverStoredOrReturned() {
    Stored stored = newToken();

    UserAccessToken found = tokens.findById(db.dsl(), stored.token().id()).orElseThrow();
    assertThat(found).isEqualTo(stored.token().sanitized());
    assertThat(tokens.findForUser(db.dsl(), stored.token().userId(), 0, 60)).containsExactly(stored.token().sanitized());
    assertThat(tokens.hashOf(db.dsl(), stored.token().id())).contains(stored.hash());
    assertThat(db.dsl().fetch("select * from user_access_tokens").formatCSV()).doesNotContain(stored.token().token());
  }

  @Test
  void onlyAnActiveTokenOfAnActiveAccountIsUsable() {
    Stored stored = newToken();
    assertThat(tokens.findUsable(db.dsl(), stored.hash())).hasValueSatisfying(owner -> {
      assertThat(owner.token().userId()).isEqualTo(stored.token().userId());
      assertThat(owner.roles()).isNotEmpty();
    });

    assertThat(tokens.setActive(db.dsl(), stored.token().id(), false)).isTrue();
    assertThat(tokens.findUsable(db.dsl(), stored.hash())).isEmpty();
    tokens.setActive(db.dsl(), stored.token().id(), true);
    users.setActive(db.dsl(), stored.token().userId(), false, 1000);
    assertThat(tokens.findUsable(db.dsl(), stored.hash())).isEmpty();

    assertThat(tokens.delete(db.dsl(), stored.token().id())).isTrue();
    assertThat(tokens.delete(db.dsl(), stored.token().id())).isFalse();
    assertThat(tokens.setActive(db.dsl(), stored.token().id(), true)).isFalse();
  }
}
