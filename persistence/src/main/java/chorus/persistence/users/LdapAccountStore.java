package chorus.persistence.users;

import chorus.persistence.sessions.SessionRepository;
import chorus.protocol.ids.Ids;
import java.util.List;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * The LDAP sync's writes for code outside this module, which must not touch SQL: one
 * transaction per call. Blocking, over the connections it is given (the jobs' own): call it
 * from the jobs dispatcher.
 */
public final class LdapAccountStore {
  private final DSLContext dsl;
  private final LdapUserRepository accounts;
  private final SessionRepository sessions;
  private final Ids ids;

  public LdapAccountStore(DataSource dataSource, LdapUserRepository accounts, SessionRepository sessions, Ids ids) {
    this.dsl = DSL.using(dataSource, SQLDialect.POSTGRES);
    this.accounts = accounts;
    this.sessions = sessions;
    this.ids = ids;
  }

  /** See {@link LdapUserRepository#upsert}; fails with the unique violation when the username or e-mail is taken. */
  public LdapUserRepository.Upserted upsert(LdapUserRepository.Profile profile, long now) {
    return dsl.transactionResult(c -> accounts.upsert(c.dsl(), profile, ids.next(), now));
  }

  public List<LdapUserRepository.Account> accounts() {
    return accounts.accounts(dsl);
  }

  /**
   * Deactivates the account and deletes its sessions, in one transaction; true when this call
   * deactivated it (false when it already was). The sessions go either way: an earlier attempt
   * may have died between the two.
   */
  public boolean deactivate(String userId, long now) {
    return dsl.transactionResult(c -> {
      boolean done = accounts.deactivate(c.dsl(), userId, now);
      sessions.deleteForUser(c.dsl(), userId, "");
      return done;
    });
  }
}
