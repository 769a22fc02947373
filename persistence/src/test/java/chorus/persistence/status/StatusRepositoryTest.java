package chorus.persistence.status;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.persistence.TestDatabase;
import chorus.persistence.TestRecords;
import chorus.protocol.api.Status;
import java.util.List;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StatusRepositoryTest {
  @RegisterExtension
  static final TestDatabase db = new TestDatabase();

  private final StatusRepository statuses = new StatusRepository();

  @Test
  void upsertInsertsThenReplacesAndRemembersThePreviousStatus() {
    String user = TestRecords.id();

    statuses.upsert(db.dsl(), new Status(user, Status.ONLINE, false, 1000, 0));
    statuses.upsert(db.dsl(), new Status(user, Status.DND, true, 2000, 1_700_000_000));

    assertThat(statuses.find(db.dsl(), user)).contains(new Status(user, Status.DND, true, 2000, 1_700_000_000));
    assertThat(prevStatus(user)).isEqualTo(Status.ONLINE);

    statuses.upsert(db.dsl(), new Status(user, Status.DND, true, 3000, 1_700_000_000));
    assertThat(prevStatus(user)).isEqualTo(Status.ONLINE);
  }

  @Test
  void findManyReturnsOnlyKnownUsers() {
    String a = TestRecords.id();
    String b = TestRecords.id();
    statuses.upsert(db.dsl(), new Status(a, Status.AWAY, false, 1, 0));
    statuses.upsert(db.dsl(), new Status(b, Status.OFFLINE, false, 2, 0));

    assertThat(statuses.findMany(db.dsl(), List.of(a, b, TestRecords.id())))
        .extracting(Status::userId).containsExactlyInAnyOrder(a, b);
    assertThat(statuses.findMany(db.dsl(), List.of())).isEmpty();
    assertThat(statuses.find(db.dsl(), TestRecords.id())).isEmpty();
  }

  private static String prevStatus(String user) {
    return db.dsl().fetchValue(DSL.field("(SELECT prev_status FROM status WHERE user_id = {0})", String.class, DSL.val(user)));
  }
}
