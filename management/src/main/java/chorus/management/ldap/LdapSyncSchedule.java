package chorus.management.ldap;

import chorus.protocol.config.LdapSettings;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * When {@code ldap_sync} runs: every {@code SyncIntervalMinutes}, in slots aligned to the
 * epoch, so that every node computes the same slot for the same moment and a new leader
 * neither repeats nor skips the one its predecessor was in. Settings are read at each call,
 * so a reload applies to the next slot.
 */
public final class LdapSyncSchedule {
  private final Supplier<LdapSettings> settings;

  public LdapSyncSchedule(Supplier<LdapSettings> settings) {
    this.settings = settings;
  }

  /** The start of the slot that contains {@code now}; empty when LdapSettings.EnableSync is false. */
  public Optional<Instant> slotAt(Instant now) {
    LdapSettings current = settings.get();
    if (!current.enableSync()) {
      return Optional.empty();
    }
    long interval = current.syncIntervalMinutes() * 60_000L;
    return Optional.of(Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), interval) * interval));
  }
}
