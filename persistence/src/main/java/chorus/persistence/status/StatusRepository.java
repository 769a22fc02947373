package chorus.persistence.status;

import static chorus.persistence.jooq.Tables.STATUS;

import chorus.persistence.jooq.tables.records.StatusRecord;
import chorus.protocol.api.Status;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Queries on {@code status}: the durable part of presence (what a user set, and when they
 * were last active), from which presence is rebuilt after a node restart. On a change the
 * previous status is kept in {@code prev_status}, as Mattermost does for DND expiry.
 */
public final class StatusRepository {

  public void upsert(DSLContext dsl, Status status) {
    dsl.insertInto(STATUS)
        .set(STATUS.USER_ID, status.userId())
        .set(STATUS.STATUS_, status.status())
        .set(STATUS.MANUAL, status.manual())
        .set(STATUS.LAST_ACTIVITY_AT, status.lastActivityAt())
        .set(STATUS.DND_END_TIME, status.dndEndTime())
        .onConflict(STATUS.USER_ID)
        .doUpdate()
        .set(STATUS.PREV_STATUS, DSL.when(STATUS.STATUS_.ne(DSL.excluded(STATUS.STATUS_)), STATUS.STATUS_)
            .otherwise(STATUS.PREV_STATUS))
        .set(STATUS.STATUS_, DSL.excluded(STATUS.STATUS_))
        .set(STATUS.MANUAL, DSL.excluded(STATUS.MANUAL))
        .set(STATUS.LAST_ACTIVITY_AT, DSL.excluded(STATUS.LAST_ACTIVITY_AT))
        .set(STATUS.DND_END_TIME, DSL.excluded(STATUS.DND_END_TIME))
        .execute();
  }

  public Optional<Status> find(DSLContext dsl, String userId) {
    return dsl.selectFrom(STATUS).where(STATUS.USER_ID.eq(userId)).fetchOptional().map(StatusRepository::toStatus);
  }

  /** The stored statuses among {@code userIds}; users never seen have none. */
  public List<Status> findMany(DSLContext dsl, Collection<String> userIds) {
    if (userIds.isEmpty()) {
      return List.of();
    }
    return dsl.selectFrom(STATUS).where(STATUS.USER_ID.in(userIds)).orderBy(STATUS.USER_ID).fetch(StatusRepository::toStatus);
  }

  /** Every status but offline: who is online, away or busy now. */
  public List<Status> findNotOffline(DSLContext dsl) {
    return dsl.selectFrom(STATUS).where(STATUS.STATUS_.ne(Status.OFFLINE)).orderBy(STATUS.USER_ID).fetch(StatusRepository::toStatus);
  }

  static Status toStatus(StatusRecord row) {
    return new Status(row.getUserId(), row.getStatus(), row.getManual(), row.getLastActivityAt(), row.getDndEndTime());
  }
}
