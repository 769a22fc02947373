package chorus.persistence.system;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.persistence.TestDatabase;
import chorus.persistence.TestRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SystemRepositoryTest {
  @RegisterExtension
  static final TestDatabase db = new TestDatabase();

  private final SystemRepository systems = new SystemRepository();

  @Test
  void putStoresAndReplaces() {
    String name = TestRecords.id();

    assertThat(systems.get(db.dsl(), name)).isEmpty();
    systems.put(db.dsl(), name, "one");
    systems.put(db.dsl(), name, "two");

    assertThat(systems.get(db.dsl(), name)).contains("two");
  }

  @Test
  void putIfAbsentKeepsTheFirstValue() {
    String name = TestRecords.id();

    assertThat(systems.putIfAbsent(db.dsl(), name, "first")).isTrue();
    assertThat(systems.putIfAbsent(db.dsl(), name, "second")).isFalse();

    assertThat(systems.get(db.dsl(), name)).contains("first");
  }
}
