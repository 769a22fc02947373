package chorus.management.ldap;

import chorus.persistence.users.LdapUserRepository;

/**
 * A directory entry as Chorus maps it to an account: {@code authData} is the IdAttribute's
 * value, which names the account for good; the rest is the profile the directory owns.
 */
public record LdapUser(String dn, String authData, String username, String email, String firstName, String lastName) {
  public LdapUserRepository.Profile profile() {
    return new LdapUserRepository.Profile(authData, username, email, firstName, lastName);
  }
}
