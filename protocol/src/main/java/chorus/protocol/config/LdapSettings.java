package chorus.protocol.config;

/**
 * Mattermost's {@code LdapSettings}, the subset Chorus acts on, with Mattermost's names and
 * defaults. {@code LoginIdAttribute} empty means {@code IdAttribute}, as in Mattermost;
 * {@code MaximumLoginAttempts} is the lockout for LDAP accounts (local accounts use
 * {@code ServiceSettings.MaximumLoginAttempts}). {@code MaxPageSize} 0 means one unpaged search.
 */
public record LdapSettings(
    boolean enable,
    boolean enableSync,
    String ldapServer,
    int ldapPort,
    String connectionSecurity,
    String baseDN,
    String bindUsername,
    String bindPassword,
    String userFilter,
    String idAttribute,
    String emailAttribute,
    String usernameAttribute,
    String firstNameAttribute,
    String lastNameAttribute,
    String loginIdAttribute,
    int syncIntervalMinutes,
    int maxPageSize,
    int queryTimeout,
    int maximumLoginAttempts) {

  public static final String SECURITY_NONE = "";
  public static final String SECURITY_TLS = "TLS";
  public static final String SECURITY_STARTTLS = "STARTTLS";

  public static LdapSettings defaults() {
    return new LdapSettings(false, false, "", 389, SECURITY_NONE, "", "", "", "", "", "", "", "", "", "", 60, 0, 60, 10);
  }

  /** The attribute a login id is matched against: LoginIdAttribute, else IdAttribute. */
  public String effectiveLoginIdAttribute() {
    return loginIdAttribute == null || loginIdAttribute.isEmpty() ? idAttribute : loginIdAttribute;
  }

  @Override
  public String toString() {
    return "LdapSettings[server=" + ldapServer + ":" + ldapPort + ", baseDN=" + baseDN + ", bindPassword=****]";
  }
}
