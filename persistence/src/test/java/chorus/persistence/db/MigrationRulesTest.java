package chorus.persistence.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The expand-then-contract rule of UPGRADING.md, checked on every migration file: while a
 * rolling upgrade runs, nodes of the previous release query the schema the new release
 * migrated, so a migration may add but not take away or change what they use. Removing or
 * changing belongs in a contract migration ({@code V<n>__contract_<what>.sql}), shipped one
 * release after the last code that used the old shape.
 */
class MigrationRulesTest {
  private static final Path MIGRATIONS = Path.of("src", "main", "resources", "db", "migration");

  /** Statements that break a query or a write of the release before. */
  private static final List<Pattern> BREAKING = List.of(
      Pattern.compile("\\bdrop\\s+(table|column|view)\\b"),
      Pattern.compile("\\brename\\b"),
      Pattern.compile("\\balter\\s+column\\s+\\S+\\s+(set\\s+data\\s+)?type\\b"),
      Pattern.compile("\\balter\\s+column\\s+\\S+\\s+set\\s+not\\s+null\\b"),
      // A new NOT NULL column without a default makes every insert of the older release fail.
      Pattern.compile("\\badd\\s+column\\s+(?![^,]*\\bdefault\\b)[^,]*\\bnot\\s+null\\b"));

  @Test
  void onlyContractMigrationsRemoveOrChangeWhatTheReleaseBeforeUses() throws IOException {
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.list(MIGRATIONS)) {
      for (Path file : files.sorted().toList()) {
        if (file.getFileName().toString().contains("__contract_")) {
          continue;
        }
        for (String statement : statements(Files.readString(file))) {
          BREAKING.stream().filter(p -> p.matcher(statement).find())
              .forEach(p -> violations.add(file.getFileName() + ": " + statement.strip()));
        }
      }
    }
    assertThat(violations).isEmpty();
  }

  /** The check itself, on statements it must and must not flag. */
  @Test
  void theRuleFlagsWhatBreaksTheReleaseBeforeAndNothingElse() {
    assertThat(breaks("ALTER TABLE posts DROP COLUMN props")).isTrue();
    assertThat(breaks("ALTER TABLE posts RENAME COLUMN message TO body")).isTrue();
    assertThat(breaks("ALTER TABLE posts ALTER COLUMN message TYPE text")).isTrue();
    assertThat(breaks("ALTER TABLE posts ALTER COLUMN root_id SET NOT NULL")).isTrue();
    assertThat(breaks("ALTER TABLE jobs ADD COLUMN fence bigint NOT NULL")).isTrue();
    assertThat(breaks("DROP TABLE jobs")).isTrue();
    assertThat(breaks("ALTER TABLE jobs ADD COLUMN fence bigint NOT NULL DEFAULT 0")).isFalse();
    assertThat(breaks("ALTER TABLE jobs ADD COLUMN slot_key varchar(64)")).isFalse();
    assertThat(breaks("CREATE INDEX posts_update_at_idx ON posts (update_at)")).isFalse();
    assertThat(breaks("CREATE TABLE t (id varchar(26) NOT NULL, n bigint NOT NULL)")).isFalse();
  }

  private static boolean breaks(String statement) {
    String lower = statement.toLowerCase(Locale.ROOT);
    return BREAKING.stream().anyMatch(p -> p.matcher(lower).find());
  }

  /** Lower-cased statements without comments. */
  private static List<String> statements(String sql) {
    String withoutComments = sql.replaceAll("--[^\\n]*", " ").toLowerCase(Locale.ROOT);
    return List.of(withoutComments.split(";"));
  }
}
