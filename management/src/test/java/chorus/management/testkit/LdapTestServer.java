package chorus.management.testkit;

import chorus.protocol.config.LdapSettings;
import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldif.LDIFException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * A real LDAP server for tests: UnboundID's in-memory directory, listening on a free loopback
 * TCP port, with a bind user and people under {@code ou=people,dc=example,dc=com}. Each person
 * is an inetOrgPerson whose {@code employeeNumber} is the stable id, {@code uid} the username
 * and login id.
 */
public final class LdapTestServer implements AutoCloseable {
  public static final String BASE = "dc=example,dc=com";
  public static final String PEOPLE = "ou=people," + BASE;
  public static final String BIND_DN = "cn=chorus,dc=example,dc=com";
  public static final String BIND_PASSWORD = "bind-secret";

  private final InMemoryDirectoryServer server;

  private LdapTestServer(InMemoryDirectoryServer server) {
    this.server = server;
  }

  public static LdapTestServer start() {
    try {
      InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
      config.addAdditionalBindCredentials(BIND_DN, BIND_PASSWORD);
      config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("loopback", InetAddress.getLoopbackAddress(), 0, null));
      InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
      server.add("dn: " + BASE, "objectClass: top", "objectClass: domain", "dc: example");
      server.add("dn: " + PEOPLE, "objectClass: top", "objectClass: organizationalUnit", "ou: people");
      server.startListening();
      return new LdapTestServer(server);
    } catch (LDAPException | LDIFException e) {
      throw new IllegalStateException("in-memory LDAP server did not start", e);
    }
  }

  public int port() {
    return server.getListenPort();
  }

  /** Settings that point Chorus at this server, syncing in pages of {@code maxPageSize}. */
  public LdapSettings settings(int maxPageSize) {
    return new LdapSettings(true, true, "127.0.0.1", port(), LdapSettings.SECURITY_NONE, PEOPLE, BIND_DN, BIND_PASSWORD,
        "(objectClass=inetOrgPerson)", "employeeNumber", "mail", "uid", "givenName", "sn", "uid", 60, maxPageSize, 5, 10);
  }

  /** The MM_LDAPSETTINGS_* variables that point a node at this server, BaseDN at {@code ou}'s people. */
  public Map<String, String> environment(String ou) {
    Map<String, String> env = new HashMap<>();
    env.put("MM_LDAPSETTINGS_ENABLE", "true");
    env.put("MM_LDAPSETTINGS_LDAPSERVER", "127.0.0.1");
    env.put("MM_LDAPSETTINGS_LDAPPORT", Integer.toString(port()));
    env.put("MM_LDAPSETTINGS_BASEDN", "ou=" + ou + "," + PEOPLE);
    env.put("MM_LDAPSETTINGS_BINDUSERNAME", BIND_DN);
    env.put("MM_LDAPSETTINGS_BINDPASSWORD", BIND_PASSWORD);
    env.put("MM_LDAPSETTINGS_USERFILTER", "(objectClass=inetOrgPerson)");
    env.put("MM_LDAPSETTINGS_IDATTRIBUTE", "employeeNumber");
    env.put("MM_LDAPSETTINGS_USERNAMEATTRIBUTE", "uid");
    env.put("MM_LDAPSETTINGS_LOGINIDATTRIBUTE", "uid");
    env.put("MM_LDAPSETTINGS_EMAILATTRIBUTE", "mail");
    env.put("MM_LDAPSETTINGS_FIRSTNAMEATTRIBUTE", "givenName");
    env.put("MM_LDAPSETTINGS_LASTNAMEATTRIBUTE", "sn");
    env.put("MM_LDAPSETTINGS_QUERYTIMEOUT", "5");
    return env;
  }

  /** An organizational unit under PEOPLE, so each test can point BaseDN at its own people. */
  public void addUnit(String ou) {
    add("dn: ou=" + ou + "," + PEOPLE, "objectClass: top", "objectClass: organizationalUnit", "ou: " + ou);
  }

  public void addPerson(String ou, String id, String uid, String mail, String givenName, String sn, String password) {
    add("dn: " + dn(ou, uid), "objectClass: top", "objectClass: person", "objectClass: organizationalPerson",
        "objectClass: inetOrgPerson", "uid: " + uid, "employeeNumber: " + id, "mail: " + mail, "givenName: " + givenName,
        "sn: " + sn, "cn: " + givenName + " " + sn, "userPassword: " + password);
  }

  public void replace(String ou, String uid, String attribute, String value) {
    try {
      server.modify(dn(ou, uid), new Modification(ModificationType.REPLACE, attribute, value));
    } catch (LDAPException e) {
      throw new IllegalStateException(e);
    }
  }

  public void delete(String ou, String uid) {
    try {
      server.delete(dn(ou, uid));
    } catch (LDAPException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String dn(String ou, String uid) {
    return "uid=" + uid + ",ou=" + ou + "," + PEOPLE;
  }

  private void add(String... ldif) {
    try {
      server.add(ldif);
    } catch (LDAPException | LDIFException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.shutDown(true);
  }
}
