package chorus.persistence.users;

import static chorus.persistence.jooq.Tables.USERS;
import static java.util.Objects.requireNonNullElse;

import chorus.persistence.db.JsonColumns;
import chorus.persistence.jooq.tables.records.UsersRecord;
import chorus.protocol.api.User;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Queries on {@code users}. E-mail addresses are stored lower-cased, so a login by e-mail is
 * case-insensitive while using the unique index. Columns the schema does not have yet
 * (last picture update, MFA, bot) read as their Mattermost defaults.
 */
public final class UserRepository {

  public void insert(DSLContext dsl, User user, String passwordHash) {
    dsl.insertInto(USERS)
        .set(USERS.ID, user.id())
        .set(USERS.CREATE_AT, user.createAt())
        .set(USERS.UPDATE_AT, user.updateAt())
        .set(USERS.DELETE_AT, user.deleteAt())
        .set(USERS.USERNAME, user.username())
        .set(USERS.PASSWORD, requireNonNullElse(passwordHash, ""))
        .set(USERS.AUTH_SERVICE, requireNonNullElse(user.authService(), ""))
        .set(USERS.EMAIL, normalizeEmail(user.email()))
        .set(USERS.EMAIL_VERIFIED, user.emailVerified())
        .set(USERS.NICKNAME, requireNonNullElse(user.nickname(), ""))
        .set(USERS.FIRST_NAME, requireNonNullElse(user.firstName(), ""))
        .set(USERS.LAST_NAME, requireNonNullElse(user.lastName(), ""))
        .set(USERS.POSITION, requireNonNullElse(user.position(), ""))
        .set(USERS.ROLES, requireNonNullElse(user.roles(), ""))
        .set(USERS.LOCALE, requireNonNullElse(user.locale(), "en"))
        .set(USERS.PROPS, JsonColumns.object(user.props()))
        .set(USERS.NOTIFY_PROPS, JsonColumns.object(user.notifyProps()))
        .set(USERS.TIMEZONE, JsonColumns.object(user.timezone()))
        .set(USERS.LAST_PASSWORD_UPDATE, user.lastPasswordUpdate())
        .set(USERS.FAILED_ATTEMPTS, user.failedAttempts())
        .execute();
  }

  public Optional<User> findById(DSLContext dsl, String id) {
    return dsl.selectFrom(USERS).where(USERS.ID.eq(id)).fetchOptional().map(UserRepository::toUser);
  }

  public Optional<User> findByUsername(DSLContext dsl, String username) {
    return dsl.selectFrom(USERS).where(USERS.USERNAME.eq(username)).fetchOptional().map(UserRepository::toUser);
  }

  /** The users among {@code ids} that exist, ordered by username; unknown ids are skipped. */
  public List<User> findByIds(DSLContext dsl, Collection<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return dsl.selectFrom(USERS).where(USERS.ID.in(ids)).orderBy(USERS.USERNAME).fetch(UserRepository::toUser);
  }

  /**
   * The account a login id names: its username (as typed or lower-cased, as Mattermost
   * stores usernames) or its e-mail in any case. A username match wins over an e-mail match.
   */
  public Optional<StoredUser> findByLogin(DSLContext dsl, String loginId) {
    if (loginId == null || loginId.isEmpty()) {
      return Optional.empty();
    }
    String lower = loginId.toLowerCase(Locale.ROOT);
    return dsl.selectFrom(USERS)
        .where(USERS.USERNAME.in(loginId, lower).or(USERS.EMAIL.eq(lower)))
        .orderBy(DSL.when(USERS.USERNAME.in(loginId, lower), 0).otherwise(1))
        .limit(1)
        .fetchOptional()
        .map(row -> new StoredUser(toUser(row), row.getPassword()));
  }

  /**
   * Counts a login attempt before its password is checked, unless the account already has
   * {@code maxAttempts} failures: false then, and the login must be refused. Counting first,
   * in one conditional update, means concurrent guesses cannot slip past the limit between a
   * read of the counter and its increment; a correct password then clears the count again.
   */
  public boolean claimLoginAttempt(DSLContext dsl, String userId, int maxAttempts) {
    return dsl.update(USERS)
        .set(USERS.FAILED_ATTEMPTS, USERS.FAILED_ATTEMPTS.plus(1))
        .where(USERS.ID.eq(userId).and(USERS.FAILED_ATTEMPTS.lt(maxAttempts)))
        .execute() == 1;
  }

  public void clearFailedAttempts(DSLContext dsl, String userId) {
    dsl.update(USERS).set(USERS.FAILED_ATTEMPTS, 0).where(USERS.ID.eq(userId).and(USERS.FAILED_ATTEMPTS.ne(0))).execute();
  }

  /** The user with the password hash, for checks that need the current password. */
  public Optional<StoredUser> findStoredById(DSLContext dsl, String id) {
    return dsl.selectFrom(USERS).where(USERS.ID.eq(id)).fetchOptional().map(row -> new StoredUser(toUser(row), row.getPassword()));
  }

  /** A new password also lifts a login lockout, as Mattermost's password reset does. */
  public boolean updatePassword(DSLContext dsl, String id, String passwordHash, long now) {
    return dsl.update(USERS)
        .set(USERS.PASSWORD, passwordHash)
        .set(USERS.LAST_PASSWORD_UPDATE, now)
        .set(USERS.UPDATE_AT, now)
        .set(USERS.FAILED_ATTEMPTS, 0)
        .where(USERS.ID.eq(id))
        .execute() == 1;
  }

  /**
   * Deactivates ({@code delete_at} = now) or re-activates an account. Re-activation also lifts
   * a login lockout: it is how an admin unlocks a user without choosing their password.
   */
  public boolean setActive(DSLContext dsl, String id, boolean active, long now) {
    var update = dsl.update(USERS).set(USERS.UPDATE_AT, now);
    if (active) {
      return update.set(USERS.DELETE_AT, 0L).set(USERS.FAILED_ATTEMPTS, 0).where(USERS.ID.eq(id)).execute() == 1;
    }
    return update.set(USERS.DELETE_AT, now).where(USERS.ID.eq(id).and(USERS.DELETE_AT.eq(0L))).execute() == 1;
  }

  public boolean updateRoles(DSLContext dsl, String id, String roles, long now) {
    return dsl.update(USERS).set(USERS.ROLES, roles).set(USERS.UPDATE_AT, now).where(USERS.ID.eq(id)).execute() == 1;
  }

  /**
   * Writes the fields a user may change about themselves (profile, e-mail, username, locale,
   * props); the unique indexes refuse a username or e-mail another account has.
   */
  public boolean updateProfile(DSLContext dsl, User user, long now) {
    return dsl.update(USERS)
        .set(USERS.USERNAME, user.username())
        .set(USERS.EMAIL, normalizeEmail(user.email()))
        .set(USERS.NICKNAME, requireNonNullElse(user.nickname(), ""))
        .set(USERS.FIRST_NAME, requireNonNullElse(user.firstName(), ""))
        .set(USERS.LAST_NAME, requireNonNullElse(user.lastName(), ""))
        .set(USERS.POSITION, requireNonNullElse(user.position(), ""))
        .set(USERS.LOCALE, requireNonNullElse(user.locale(), "en"))
        .set(USERS.PROPS, JsonColumns.object(user.props()))
        .set(USERS.NOTIFY_PROPS, JsonColumns.object(user.notifyProps()))
        .set(USERS.TIMEZONE, JsonColumns.object(user.timezone()))
        .set(USERS.UPDATE_AT, now)
        .where(USERS.ID.eq(user.id()))
        .execute() == 1;
  }

  /** A page of all users, deactivated ones included, ordered by username. */
  public List<User> list(DSLContext dsl, int offset, int limit) {
    return dsl.selectFrom(USERS).orderBy(USERS.USERNAME).offset(offset).limit(limit).fetch(UserRepository::toUser);
  }

  /** Every account, deactivated ones included (zero means no one has signed up yet). */
  public long count(DSLContext dsl) {
    return dsl.fetchCount(USERS);
  }

  /** Accounts not deactivated. */
  public long countActive(DSLContext dsl) {
    return dsl.fetchCount(USERS, USERS.DELETE_AT.eq(0L));
  }

  /** Whether any account exists, deactivated ones included; unlike {@link #count}, it stops at the first row. */
  public boolean any(DSLContext dsl) {
    return dsl.fetchExists(USERS);
  }

  static String normalizeEmail(String email) {
    return requireNonNullElse(email, "").trim().toLowerCase(Locale.ROOT);
  }

  static User toUser(UsersRecord row) {
    return new User(
        row.getId(),
        row.getCreateAt(),
        row.getUpdateAt(),
        row.getDeleteAt(),
        row.getUsername(),
        row.getAuthService(),
        row.getEmail(),
        row.getEmailVerified(),
        row.getNickname(),
        row.getFirstName(),
        row.getLastName(),
        row.getPosition(),
        row.getRoles(),
        row.getLocale(),
        JsonColumns.stringMap(row.getTimezone()),
        JsonColumns.objectMap(row.getProps()),
        JsonColumns.stringMap(row.getNotifyProps()),
        row.getLastPasswordUpdate(),
        0,
        row.getFailedAttempts(),
        false,
        false,
        false);
  }
}
