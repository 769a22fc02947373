package chorus.persistence.users;

import static chorus.persistence.jooq.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.persistence.TestDatabase;
import chorus.persistence.TestRecords;
import chorus.protocol.api.User;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class UserSearchRepositoryTest {
  @RegisterExtension
  static final TestDatabase db = new TestDatabase();

  private final UserRepository users = new UserRepository();
  private final UserSearchRepository search = new UserSearchRepository();

  private static UserMatch words(String... words) {
    return new UserMatch(List.of(words), true, true, false);
  }

  @Test
  void wildcardsInATermAreCharactersToFind() {
    String tag = TestRecords.username("w").replace("-", "");
    users.insert(db.dsl(), TestRecords.user(tag + "_x"), "h");
    users.insert(db.dsl(), TestRecords.user(tag + "ax"), "h");

    assertThat(search.inTeam(db.dsl(), "", words(tag + "_"), 10)).extracting(User::username).containsExactly(tag + "_x");
    assertThat(search.inTeam(db.dsl(), "", words(tag + "%x"), 10)).isEmpty();
    assertThat(search.inTeam(db.dsl(), "", words(tag), 10)).extracting(User::username).containsExactlyInAnyOrder(tag + "_x", tag + "ax");
  }

  /**
   * The V9 indexes serve the search: with sequential scans priced out, the plan of a search word
   * reads only indexes. A column left out of them would force a scan of users.
   */
  @Test
  void everySearchedColumnHasAPrefixIndex() {
    String plan = db.transaction(dsl -> {
      dsl.execute("SET LOCAL enable_seqscan = off");
      return dsl.fetch("EXPLAIN " + dsl.renderInlined(dsl.selectFrom(USERS).where(UserSearchRepository.wordMatches("ab", words()))))
          .getValues(0, String.class).stream().reduce("", (a, b) -> a + b + "\n");
    });

    assertThat(plan).doesNotContain("Seq Scan")
        .contains("users_username_prefix_idx", "users_nickname_prefix_idx", "users_first_name_prefix_idx",
            "users_last_name_prefix_idx", "users_email_prefix_idx");
  }
}
