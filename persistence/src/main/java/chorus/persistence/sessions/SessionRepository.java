package chorus.persistence.sessions;

import static chorus.persistence.jooq.Tables.SESSIONS;
import static java.util.Objects.requireNonNullElse;

import chorus.persistence.jooq.tables.records.SessionsRecord;
import chorus.protocol.api.Session;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Queries on {@code sessions}. The row is the truth about a token: caches on any node are
 * dropped when it is deleted, and a node that has never seen a token loads it from here.
 */
public final class SessionRepository {

  public void insert(DSLContext dsl, Session session) {
    dsl.insertInto(SESSIONS)
        .set(SESSIONS.ID, session.id())
        .set(SESSIONS.TOKEN, session.token())
        .set(SESSIONS.CREATE_AT, session.createAt())
        .set(SESSIONS.EXPIRES_AT, session.expiresAt())
        .set(SESSIONS.LAST_ACTIVITY_AT, session.lastActivityAt())
        .set(SESSIONS.USER_ID, session.userId())
        .set(SESSIONS.DEVICE_ID, requireNonNullElse(session.deviceId(), ""))
        .set(SESSIONS.ROLES, requireNonNullElse(session.roles(), ""))
        .set(SESSIONS.CSRF_TOKEN, requireNonNullElse(session.csrfToken(), ""))
        .execute();
  }

  public Optional<Session> findByToken(DSLContext dsl, String token) {
    return dsl.selectFrom(SESSIONS).where(SESSIONS.TOKEN.eq(token)).fetchOptional().map(SessionRepository::toSession);
  }

  /** A user's sessions, newest first. */
  public List<Session> findForUser(DSLContext dsl, String userId) {
    return dsl.selectFrom(SESSIONS)
        .where(SESSIONS.USER_ID.eq(userId))
        .orderBy(SESSIONS.CREATE_AT.desc())
        .fetch(SessionRepository::toSession);
  }

  /** True when a session with that token existed. */
  public boolean deleteByToken(DSLContext dsl, String token) {
    return dsl.deleteFrom(SESSIONS).where(SESSIONS.TOKEN.eq(token)).execute() > 0;
  }

  /** Deletes every session of a user (deactivation); returns how many there were. */
  public int deleteForUser(DSLContext dsl, String userId) {
    return dsl.deleteFrom(SESSIONS).where(SESSIONS.USER_ID.eq(userId)).execute();
  }

  /**
   * Records activity. Nodes report activity late and out of order, so the stored time only
   * ever moves forward.
   */
  public void touch(DSLContext dsl, String token, long lastActivityAt) {
    dsl.update(SESSIONS)
        .set(SESSIONS.LAST_ACTIVITY_AT, DSL.greatest(SESSIONS.LAST_ACTIVITY_AT, DSL.val(lastActivityAt)))
        .where(SESSIONS.TOKEN.eq(token))
        .execute();
  }

  static Session toSession(SessionsRecord row) {
    return new Session(row.getId(), row.getToken(), row.getCreateAt(), row.getExpiresAt(), row.getLastActivityAt(),
        row.getUserId(), row.getDeviceId(), row.getRoles(), row.getCsrfToken());
  }
}
