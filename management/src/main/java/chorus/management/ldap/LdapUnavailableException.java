package chorus.management.ldap;

/** The directory could not be reached or refused the bind user or a search: not a verdict on any user. */
public final class LdapUnavailableException extends RuntimeException {
  public LdapUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
