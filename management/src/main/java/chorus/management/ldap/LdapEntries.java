package chorus.management.ldap;

import chorus.protocol.config.LdapSettings;
import com.unboundid.ldap.sdk.Entry;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Maps directory entries to {@link LdapUser}s with the attribute names of {@link LdapSettings}.
 * Usernames and e-mails are lower-cased, as Mattermost stores them; an entry without an id,
 * username or e-mail cannot become an account and maps to nothing.
 */
final class LdapEntries {
  private final LdapSettings settings;

  LdapEntries(LdapSettings settings) {
    this.settings = settings;
  }

  /** The attributes a search must return. */
  String[] attributes() {
    Set<String> names = new LinkedHashSet<>();
    for (String name : new String[] {settings.idAttribute(), settings.usernameAttribute(), settings.emailAttribute(),
        settings.firstNameAttribute(), settings.lastNameAttribute(), settings.effectiveLoginIdAttribute()}) {
      if (name != null && !name.isBlank()) {
        names.add(name);
      }
    }
    return names.toArray(String[]::new);
  }

  Optional<LdapUser> toUser(Entry entry) {
    String id = value(entry, settings.idAttribute());
    String username = value(entry, settings.usernameAttribute()).toLowerCase(Locale.ROOT);
    String email = value(entry, settings.emailAttribute()).toLowerCase(Locale.ROOT);
    if (id.isEmpty() || username.isEmpty() || email.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new LdapUser(entry.getDN(), id, username, email,
        value(entry, settings.firstNameAttribute()), value(entry, settings.lastNameAttribute())));
  }

  private static String value(Entry entry, String attribute) {
    if (attribute == null || attribute.isBlank()) {
      return "";
    }
    String value = entry.getAttributeValue(attribute);
    return value == null ? "" : value.trim();
  }
}
