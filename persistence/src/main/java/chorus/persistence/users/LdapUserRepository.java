package chorus.persistence.users;

import static chorus.persistence.jooq.Tables.USERS;

import chorus.protocol.api.Roles;
import chorus.protocol.api.User;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * Queries on the accounts an external directory owns ({@code auth_service = 'ldap'}), found by
 * the directory's id ({@code auth_data}) rather than by username or e-mail, which the directory
 * may change. A separate file from {@link UserRepository} because only the LDAP login and the
 * LDAP sync use these.
 */
public final class LdapUserRepository {
  public static final String SERVICE = "ldap";

  private final UserRepository users;

  public LdapUserRepository(UserRepository users) {
    this.users = users;
  }

  /** A directory account seen by this login or sync: its profile as the directory has it now. */
  public record Profile(String authData, String username, String email, String firstName, String lastName) {}

  public enum Change { CREATED, UPDATED, UNCHANGED }

  /** The account after an {@link #upsert}, and what the upsert did to it. */
  public record Upserted(User user, Change change) {}

  /** An active-or-not LDAP account's id and directory id. */
  public record Account(String userId, String authData, boolean active) {}

  public Optional<User> findByAuthData(DSLContext dsl, String authData) {
    return dsl.selectFrom(USERS)
        .where(USERS.AUTH_SERVICE.eq(SERVICE).and(USERS.AUTH_DATA.eq(authData)))
        .fetchOptional()
        .map(UserRepository::toUser);
  }

  /** Inserts a new LDAP account; {@code user.authService()} must be {@value #SERVICE}. */
  public void insert(DSLContext dsl, User user, String authData) {
    users.insert(dsl, user, "");
    dsl.update(USERS).set(USERS.AUTH_DATA, authData).where(USERS.ID.eq(user.id())).execute();
  }

  /**
   * Writes the directory's profile over the account and reactivates it, only where something
   * differs, so an unchanged user keeps its update_at. True when the row changed.
   */
  public boolean update(DSLContext dsl, String userId, Profile profile, long now) {
    String email = UserRepository.normalizeEmail(profile.email());
    return dsl.update(USERS)
        .set(USERS.USERNAME, profile.username())
        .set(USERS.EMAIL, email)
        .set(USERS.FIRST_NAME, profile.firstName())
        .set(USERS.LAST_NAME, profile.lastName())
        .set(USERS.DELETE_AT, 0L)
        .set(USERS.UPDATE_AT, now)
        .where(USERS.ID.eq(userId))
        .and(USERS.USERNAME.ne(profile.username())
            .or(USERS.EMAIL.ne(email))
            .or(USERS.FIRST_NAME.ne(profile.firstName()))
            .or(USERS.LAST_NAME.ne(profile.lastName()))
            .or(USERS.DELETE_AT.ne(0L)))
        .execute() == 1;
  }

  /**
   * Makes the account of a directory user match the directory: creates it (with id
   * {@code newId}) the first time, writes changed attributes and reactivates it otherwise. The
   * login and the sync share this, so an account looks the same whichever made it. Run it in a
   * transaction: a username or e-mail already held by another account fails with the unique
   * violation.
   */
  public Upserted upsert(DSLContext dsl, Profile profile, String newId, long now) {
    Optional<User> existing = findByAuthData(dsl, profile.authData());
    if (existing.isEmpty()) {
      User user = newUser(profile, newId, now);
      insert(dsl, user, profile.authData());
      return new Upserted(user, Change.CREATED);
    }
    boolean changed = update(dsl, existing.get().id(), profile, now);
    User user = changed ? findByAuthData(dsl, profile.authData()).orElseThrow() : existing.get();
    return new Upserted(user, changed ? Change.UPDATED : Change.UNCHANGED);
  }

  static User newUser(Profile p, String id, long now) {
    Map<String, String> notifyProps = Map.of("channel", "true", "comments", "never", "desktop", "mention", "desktop_sound", "true",
        "email", "true", "first_name", "false", "mention_keys", p.username() + ",@" + p.username(), "push", "mention",
        "push_status", "online");
    // The directory vouches for the address, so it counts as verified (as in Mattermost).
    return new User(id, now, now, 0, p.username(), SERVICE, UserRepository.normalizeEmail(p.email()), true, "", p.firstName(),
        p.lastName(), "", Roles.SYSTEM_USER, "en", Map.of("useAutomaticTimezone", "true", "automaticTimezone", "", "manualTimezone", ""),
        Map.of(), notifyProps, 0, 0, 0, false, false, false);
  }

  /** Every LDAP account, deactivated ones included. */
  public List<Account> accounts(DSLContext dsl) {
    return dsl.select(USERS.ID, USERS.AUTH_DATA, USERS.DELETE_AT)
        .from(USERS)
        .where(USERS.AUTH_SERVICE.eq(SERVICE))
        .fetch(row -> new Account(row.value1(), row.value2(), row.value3() == 0L));
  }

  /** Sets delete_at unless already set; true when this call deactivated the account. */
  public boolean deactivate(DSLContext dsl, String userId, long now) {
    return dsl.update(USERS)
        .set(USERS.DELETE_AT, now)
        .set(USERS.UPDATE_AT, now)
        .where(USERS.ID.eq(userId).and(USERS.DELETE_AT.eq(0L)).and(USERS.AUTH_SERVICE.eq(SERVICE)))
        .execute() == 1;
  }

  /** How many LDAP accounts are active (for tests and the sync's summary). */
  public int countActive(DSLContext dsl) {
    return dsl.fetchCount(USERS, USERS.AUTH_SERVICE.eq(SERVICE).and(USERS.DELETE_AT.eq(0L)));
  }
}
