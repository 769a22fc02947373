package chorus.node.testkit;

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
public final class LdapServer implements AutoCloseable {
  public static final String BASE = "dc=example,dc=com";
  public static final String PEOPLE = "ou=people," + BASE;
  public static final String BIND_DN = "cn=chorus,dc=example,dc=com";
  public static final String BIND_PASSWORD = "bind-secret";

  private final InMemoryDirectoryServer server;

  private LdapServer(InMemoryDirectoryServer server) {
    this.server = server;
  }

  public static LdapServer start() {
    try {
      InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
      config.addAdditionalBindCredentials(BIND_DN, BIND_PASSWORD);
      config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("loopback", InetAddress.getLoopbackAddress(), 0, null));
      InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
      server.add("dn: " + BASE, "objectClass: top", "objectClass: domain", "dc: example");
      server.add("dn: " + PEOPLE, "objectClass: top", "objectClass: organizationalUnit", "ou: people");
      server.startListening();
      return new LdapServer(server);
    } catch (LDAPException | LDIFException e) {
      throw new IllegalStateException("in-memory LDAP server did not start", e);
    }
  }

  public int port() {
    return server.getListenPort();
  }

  /** The MM_LDAPSETTINGS_* variables that point a node at this server. */
  public Map<String, String> environment() {
    Map<String, String> env = new HashMap<>();
    env.put("MM_LDAPSETTINGS_ENABLE", "true");
    env.put("MM_LDAPSETTINGS_LDAPSERVER", "127.0.0.1");
    env.put("MM_LDAPSETTINGS_LDAPPORT", Integer.toString(port()));
    env.put("MM_LDAPSETTINGS_BASEDN", PEOPLE);
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

  public void addPerson(String id, String uid, String mail, String givenName, String sn, String password) {
    try {
      server.add("dn: uid=" + uid + "," + PEOPLE, "objectClass: top", "objectClass: person", "objectClass: organizationalPerson",
          "objectClass: inetOrgPerson", "uid: " + uid, "employeeNumber: " + id, "mail: " + mail, "givenName: " + givenName,
          "sn: " + sn, "cn: " + givenName + " " + sn, "userPassword: " + password);
    } catch (LDAPException | LDIFException e) {
      throw new IllegalStateException(e);
    }
  }

  public void replace(String uid, String attribute, String value) {
    try {
      server.modify("uid=" + uid + "," + PEOPLE, new Modification(ModificationType.REPLACE, attribute, value));
    } catch (LDAPException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.shutDown(true);
  }
}
