package chorus.management.ldap;

import chorus.persistence.users.LdapUserRepository;
import chorus.protocol.api.Roles;
import chorus.protocol.api.User;
import chorus.protocol.ids.Ids;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * Makes the account of a directory user match the directory: creates it the first time
 * (first login or a sync), writes changed attributes and reactivates it otherwise. The
 * login and the sync share this, so an account looks the same whichever made it.
 */
public final class LdapAccounts {
  public enum Change { CREATED, UPDATED, UNCHANGED }

  public record Upserted(User user, Change change) {}

  private final LdapUserRepository repository;
  private final Ids ids;

  public LdapAccounts(LdapUserRepository repository, Ids ids) {
    this.repository = repository;
    this.ids = ids;
  }

  /**
   * Run it in a transaction. A username or e-mail already held by another account fails
   * with the unique violation, which rolls the transaction back.
   */
  public Upserted upsert(DSLContext dsl, LdapUser directoryUser, long now) {
    Optional<User> existing = repository.findByAuthData(dsl, directoryUser.authData());
    if (existing.isEmpty()) {
      User user = newUser(directoryUser, ids.next(), now);
      repository.insert(dsl, user, directoryUser.authData());
      return new Upserted(user, Change.CREATED);
    }
    String userId = existing.get().id();
    boolean changed = repository.update(dsl, userId, directoryUser.profile(), now);
    User user = repository.findByAuthData(dsl, directoryUser.authData()).orElseThrow();
    return new Upserted(user, changed ? Change.UPDATED : Change.UNCHANGED);
  }

  static User newUser(LdapUser d, String id, long now) {
    Map<String, String> notifyProps = Map.of("channel", "true", "comments", "never", "desktop", "mention", "desktop_sound", "true",
        "email", "true", "first_name", "false", "mention_keys", d.username() + ",@" + d.username(), "push", "mention",
        "push_status", "online");
    // The directory vouches for the address, so it counts as verified (as in Mattermost).
    return new User(id, now, now, 0, d.username(), LdapUserRepository.SERVICE, d.email(), true, "", d.firstName(), d.lastName(), "",
        Roles.SYSTEM_USER, "en", Map.of("useAutomaticTimezone", "true", "automaticTimezone", "", "manualTimezone", ""), Map.of(),
        notifyProps, 0, 0, 0, false, false, false);
  }
}
