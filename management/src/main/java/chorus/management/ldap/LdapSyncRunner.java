package chorus.management.ldap;

import chorus.management.jobs.JobContext;
import chorus.management.jobs.JobOutcome;
import chorus.management.jobs.JobRunner;
import chorus.persistence.pool.PersistencePool;
import chorus.persistence.users.LdapAccountStore;
import chorus.persistence.users.LdapUserRepository;
import chorus.protocol.api.Job;
import chorus.protocol.config.LdapSettings;
import chorus.sharding.sessions.SessionRevocations;
import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code ldap_sync} job: reads the whole directory page by page (MaxPageSize), creates the
 * accounts of new users, writes changed attributes (and reactivates users who came back),
 * then deactivates the LDAP accounts the directory no longer returned, deleting their
 * sessions and revoking them on every node through {@link SessionRevocations#revokeUser}.
 *
 * <p>Idempotent per job: accounts are found by their directory id under a unique index and
 * only changed rows are written, so a job run again after a crash (from its first page: a
 * paged-results cookie does not survive a connection) creates nothing twice. Each page is one
 * checkpoint. Deactivation only starts after every page arrived: a failed or partial scan
 * throws first. Beyond Mattermost, a scan that returns no users at all while LDAP accounts
 * exist deactivates no one and ends as {@code warning}: that is a wrong BaseDN or filter far
 * more often than an empty company.
 */
public final class LdapSyncRunner implements JobRunner {
  private static final Logger log = LoggerFactory.getLogger(LdapSyncRunner.class);
  private static final int DEACTIVATIONS_PER_CHECKPOINT = 100;

  private final Supplier<LdapSettings> settings;
  private final LdapAccountStore accounts;
  private final SessionRevocations revocations;
  private final Clock clock;

  /** @param accounts over the jobs' own connections */
  public LdapSyncRunner(Supplier<LdapSettings> settings, LdapAccountStore accounts, SessionRevocations revocations, Clock clock) {
    this.settings = settings;
    this.accounts = accounts;
    this.revocations = revocations;
    this.clock = clock;
  }

  @Override
  public String type() {
    return Job.LDAP_SYNC;
  }

  @Override
  public JobOutcome run(JobContext context) {
    LdapSettings current = settings.get();
    if (!current.enableSync()) {
      throw new IllegalStateException("LdapSettings.EnableSync is false");
    }
    Tally tally = new Tally();
    List<LdapUserRepository.Account> before = accounts.accounts();
    long expected = Math.max(1, before.stream().filter(LdapUserRepository.Account::active).count());
    Set<String> seen = new HashSet<>();
    new LdapDirectory(current).scan(page -> {
      for (LdapUser user : page.users()) {
        seen.add(user.authData());
        apply(user, tally);
      }
      tally.pages = page.number();
      tally.incomplete += page.incomplete();
      context.checkpoint(Math.min(90, seen.size() * 90L / Math.max(expected, seen.size())), tally.data());
    });
    List<LdapUserRepository.Account> gone = accounts.accounts().stream()
        .filter(account -> account.active() && !seen.contains(account.authData()))
        .toList();
    if (seen.isEmpty() && !gone.isEmpty()) {
      tally.warning = "the directory returned no users; deactivated no one";
      log.warn("ldap_sync {}: {} (check LdapSettings.BaseDN and UserFilter)", context.job().id(), tally.warning);
    } else {
      for (int i = 0; i < gone.size(); i++) {
        deactivate(gone.get(i).userId(), tally);
        if ((i + 1) % DEACTIVATIONS_PER_CHECKPOINT == 0) {
          // A mass deactivation still renews the lease (and honours a cancel) as it goes.
          context.checkpoint(95, tally.data());
        }
      }
    }
    Map<String, String> data = tally.data();
    context.checkpoint(100, data);
    log.info("ldap_sync {}: {}", context.job().id(), data);
    return tally.clean() ? JobOutcome.success(data) : new JobOutcome(Job.WARNING, data);
  }

  private void apply(LdapUser user, Tally tally) {
    try {
      LdapUserRepository.Upserted done = accounts.upsert(user.profile(), clock.millis());
      switch (done.change()) {
        case CREATED -> tally.created++;
        case UPDATED -> tally.updated++;
        case UNCHANGED -> tally.unchanged++;
      }
    } catch (RuntimeException e) {
      if (!PersistencePool.isUniqueViolation(e)) {
        throw e;
      }
      // Another account (local, or another directory id) holds the username or e-mail.
      tally.conflicts++;
      log.warn("ldap_sync: {} ({}) not synced: username {} or e-mail already used by another account", user.dn(),
          user.authData(), user.username());
    }
  }

  private void deactivate(String userId, Tally tally) {
    boolean now = accounts.deactivate(userId, clock.millis());
    // Announced even when an earlier attempt of this job already set delete_at: that attempt
    // may have died before it told the other nodes.
    revocations.revokeUser(userId);
    if (now) {
      tally.deactivated++;
    }
  }

  /** The job's counters, as its data shows them. */
  private static final class Tally {
    int pages;
    int created;
    int updated;
    int unchanged;
    int deactivated;
    int conflicts;
    int incomplete;
    String warning = "";

    boolean clean() {
      return conflicts == 0 && incomplete == 0 && warning.isEmpty();
    }

    Map<String, String> data() {
      Map<String, String> data = new LinkedHashMap<>();
      data.put("pages", Integer.toString(pages));
      data.put("created", Integer.toString(created));
      data.put("updated", Integer.toString(updated));
      data.put("unchanged", Integer.toString(unchanged));
      data.put("deactivated", Integer.toString(deactivated));
      data.put("conflicts", Integer.toString(conflicts));
      data.put("incomplete_entries", Integer.toString(incomplete));
      if (!warning.isEmpty()) {
        data.put("warning", warning);
      }
      return data;
    }
  }
}
