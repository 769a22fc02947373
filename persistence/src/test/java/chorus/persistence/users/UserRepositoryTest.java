package chorus.persistence.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chorus.persistence.TestDatabase;
import chorus.persistence.TestRecords;
import chorus.persistence.pool.PersistencePool;
import chorus.protocol.api.User;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class UserRepositoryTest {
  @RegisterExtension
  static final TestDatabase db = new TestDatabase();

  private final UserRepository users = new UserRepository();

  @Test
  void insertedUserReadsBackWithItsJsonFields() {
    String name = TestRecords.username("alice");
    User user = TestRecords.user(TestRecords.id(), name, name + "@Example.COM");

    users.insert(db.dsl(), user, "$2a$10$hash");
    User found = users.findById(db.dsl(), user.id()).orElseThrow();

    assertThat(found.email()).isEqualTo(name + "@example.com");
    assertThat(found).usingRecursiveComparison().ignoringFields("email").isEqualTo(user);
    assertThat(found.timezone()).containsEntry("useAutomaticTimezone", "true");
    assertThat(found.props()).isEqualTo(Map.of("k", "v"));
    assertThat(found.notifyProps()).isEqualTo(Map.of("desktop", "all"));
  }

  @Test
  void nullMapsAndTextAreStoredAsEmpty() {
    String name = TestRecords.username("nulls");
    User user = new User(TestRecords.id(), 1, 1, 0, name, null, name + "@example.com", false, null, null, null, null,
        "system_user", null, null, null, null, 0, 0, 0, false, false, false);

    users.insert(db.dsl(), user, null);
    User found = users.findById(db.dsl(), user.id()).orElseThrow();

    assertThat(found.nickname()).isEmpty();
    assertThat(found.locale()).isEqualTo("en");
    assertThat(found.props()).isEmpty();
    assertThat(found.timezone()).isEmpty();
  }

  @Test
  void unknownIdIsEmpty() {
    assertThat(users.findById(db.dsl(), TestRecords.id())).isEmpty();
  }

  @Test
  void findByIdsSkipsUnknownIds() {
    User a = TestRecords.user(TestRecords.username("a"));
    User b = TestRecords.user(TestRecords.username("b"));
    users.insert(db.dsl(), a, "h");
    users.insert(db.dsl(), b, "h");

    assertThat(users.findByIds(db.dsl(), List.of(b.id(), TestRecords.id(), a.id())))
        .extracting(User::id).containsExactly(a.id(), b.id());
    assertThat(users.findByIds(db.dsl(), List.of())).isEmpty();
  }

  @Test
  void loginByUsernameOrCaseInsensitiveEmailReturnsTheHash() {
    String name = TestRecords.username("login");
    User user = TestRecords.user(TestRecords.id(), name, name + "@example.com");
    users.insert(db.dsl(), user, "$2a$10$secret");

    StoredUser byName = users.findByLogin(db.dsl(), name).orElseThrow();
    StoredUser byEmail = users.findByLogin(db.dsl(), name.toUpperCase() + "@EXAMPLE.com").orElseThrow();

    assertThat(byName.user().id()).isEqualTo(user.id());
    assertThat(byName.passwordHash()).isEqualTo("$2a$10$secret");
    assertThat(byEmail.user().id()).isEqualTo(user.id());
    assertThat(users.findByLogin(db.dsl(), name.toUpperCase()).orElseThrow().user().id()).isEqualTo(user.id());
    assertThat(users.findByLogin(db.dsl(), "nobody-" + TestRecords.id())).isEmpty();
    assertThat(users.findByLogin(db.dsl(), "")).isEmpty();
    assertThat(byName.toString()).doesNotContain("secret");
  }

  @Test
  void findByUsername() {
    User user = TestRecords.user(TestRecords.username("byname"));
    users.insert(db.dsl(), user, "h");

    assertThat(users.findByUsername(db.dsl(), user.username())).map(User::id).contains(user.id());
  }

  @Test
  void listIsOrderedByUsernameAndPages() {
    String prefix = "list-" + TestRecords.id().substring(0, 8);
    for (String suffix : List.of("c", "a", "b")) {
      users.insert(db.dsl(), TestRecords.user(prefix + "-" + suffix), "h");
    }

    List<String> all = users.list(db.dsl(), 0, 10_000).stream().map(User::username).toList();
    List<String> firstTwo = users.list(db.dsl(), 0, 2).stream().map(User::username).toList();
    List<String> rest = users.list(db.dsl(), 2, 10_000).stream().map(User::username).toList();

    assertThat(all).filteredOn(n -> n.startsWith(prefix)).containsExactly(prefix + "-a", prefix + "-b", prefix + "-c");
    assertThat(all).isSorted();
    assertThat(firstTwo).hasSize(2);
    assertThat(concat(firstTwo, rest)).isEqualTo(all);
  }

  @Test
  void countIncludesEveryAccount() {
    long before = users.count(db.dsl());

    users.insert(db.dsl(), TestRecords.user(TestRecords.username("count")), "h");

    assertThat(users.count(db.dsl())).isEqualTo(before + 1);
    assertThat(users.any(db.dsl())).isTrue();
  }

  @Test
  void duplicateUsernameAndEmailAreUniqueViolationsNamingTheirConstraint() {
    String name = TestRecords.username("dup");
    users.insert(db.dsl(), TestRecords.user(TestRecords.id(), name, name + "@example.com"), "h");

    assertThatThrownBy(() -> users.insert(db.dsl(), TestRecords.user(TestRecords.id(), name, "other-" + name + "@example.com"), "h"))
        .satisfies(e -> assertThat(PersistencePool.isUniqueViolation(e)).isTrue())
        .satisfies(e -> assertThat(PersistencePool.violatedConstraint(e)).contains("users_username_key"));
    assertThatThrownBy(() -> users.insert(db.dsl(), TestRecords.user(TestRecords.id(), name + "x", name.toUpperCase() + "@example.com"), "h"))
        .satisfies(e -> assertThat(PersistencePool.violatedConstraint(e)).contains("users_email_key"));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
