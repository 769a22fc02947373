package chorus.node.api;

import static chorus.node.api.ApiAssertions.assertError;
import static chorus.node.api.ApiAssertions.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.management.testkit.LdapTestServer;
import chorus.node.testkit.ApiClient;
import chorus.node.testkit.ApiClient.Response;
import chorus.node.testkit.TestNode;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /users/login} against a real LDAP server (UnboundID's, over loopback TCP). */
class LdapLoginApiTest {
  private static final String PASSWORD = "Passw0rd!";
  private static final String INVALID = "api.user.login.invalid_credentials_email_username";
  private static final int LDAP_ATTEMPTS = 3;

  private static final String OU = "login";
  private static LdapTestServer ldap;
  private static TestNode node;

  @BeforeAll
  static void start() {
    ldap = LdapTestServer.start();
    ldap.addUnit(OU);
    Map<String, String> env = new HashMap<>(ldap.environment(OU));
    env.put("MM_LDAPSETTINGS_MAXIMUMLOGINATTEMPTS", Integer.toString(LDAP_ATTEMPTS));
    node = TestNode.start(env);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
    if (ldap != null) {
      ldap.close();
    }
  }

  private static Response login(String loginId, String password) {
    return node.client().post("/users/login", Map.of("login_id", loginId, "password", password));
  }

  private static String person(String password) {
    String uid = ApiClient.unique("ldap");
    ldap.addPerson(OU, "id-" + uid, uid, uid + "@corp.example.com", "Ada", "Lovelace", password);
    return uid;
  }

  @Test
  void theFirstLoginCreatesTheAccountAndTheNextOneBringsItUpToDate() {
    String uid = person("ldap-secret-1");

    Response first = login(uid, "ldap-secret-1");
    JsonNode created = assertJson(first, 200);
    ldap.replace(OU, uid, "givenName", "Augusta");
    ldap.replace(OU, uid, "mail", uid + "@new.example.com");
    JsonNode updated = assertJson(login(uid, "ldap-secret-1"), 200);

    assertThat(first.header("Token")).isNotBlank();
    assertThat(created.path("auth_service").asText()).isEqualTo("ldap");
    assertThat(created.path("username").asText()).isEqualTo(uid);
    assertThat(created.path("email").asText()).isEqualTo(uid + "@corp.example.com");
    assertThat(created.path("first_name").asText()).isEqualTo("Ada");
    assertThat(created.path("last_name").asText()).isEqualTo("Lovelace");
    assertThat(updated.path("id").asText()).isEqualTo(created.path("id").asText());
    assertThat(updated.path("first_name").asText()).isEqualTo("Augusta");
    assertThat(updated.path("email").asText()).isEqualTo(uid + "@new.example.com");
    // The session works like any other.
    assertJson(node.client().withToken(first.header("Token")).get("/users/me"), 200);
  }

  @Test
  void theClientConfigSaysLdapSignInIsOffered() {
    assertThat(assertJson(node.client().get("/config/client?format=old"), 200).path("EnableLdap").asText()).isEqualTo("true");
  }

  @Test
  void aWrongLdapPasswordIsTheNormalLoginErrorAndCreatesNoAccount() {
    String uid = person("ldap-secret-2");

    assertError(login(uid, "not-the-password"), 401, INVALID);
    assertError(login(ApiClient.unique("nobody"), "whatever1"), 401, INVALID);

    // No account was made by the failed attempt: the right password still makes it now.
    assertThat(assertJson(login(uid, "ldap-secret-2"), 200).path("failed_attempts").asInt()).isZero();
  }

  @Test
  void anLdapAccountIsLockedAfterMaximumLoginAttemptsEvenAgainstTheRightPassword() {
    String uid = person("ldap-secret-3");
    assertJson(login(uid, "ldap-secret-3"), 200);

    for (int i = 0; i < LDAP_ATTEMPTS; i++) {
      assertError(login(uid, "wrong-" + i), 401, INVALID);
    }

    assertError(login(uid, "ldap-secret-3"), 401, "api.user.check_user_login_attempts.too_many.app_error");
  }

  @Test
  void localAccountsStillSignInWithTheirPasswordWhileLdapIsOn() {
    String username = ApiClient.unique("local");
    node.client().createUser(username, PASSWORD);

    JsonNode user = assertJson(login(username, PASSWORD), 200);

    assertThat(user.path("auth_service").asText()).isEmpty();
    // ldap_only sends even a local account's login id to the directory, which does not know it.
    assertError(node.client().post("/users/login", Map.of("login_id", username, "password", PASSWORD, "ldap_only", "true")),
        401, INVALID);
  }

  @Test
  void withLdapDisabledOnlyLocalAccountsSignInAndAnLdapAccountHasNoLocalPassword() {
    String known = person("ldap-secret-4");
    assertJson(login(known, "ldap-secret-4"), 200);
    String neverSeen = person("ldap-secret-5");
    String local = ApiClient.unique("local");
    node.client().createUser(local, PASSWORD);

    node.setEnvironment(Map.of("MM_LDAPSETTINGS_ENABLE", "false"));
    node.node().reloadConfig();
    try {
      assertJson(login(local, PASSWORD), 200);
      // The LDAP account exists in Chorus but has no password of its own to fall back on.
      assertError(login(known, "ldap-secret-4"), 401, INVALID);
      assertError(login(known, ""), 400, "api.user.login.blank_pwd.app_error");
      assertError(login(neverSeen, "ldap-secret-5"), 401, INVALID);
    } finally {
      node.setEnvironment(Map.of("MM_LDAPSETTINGS_ENABLE", "true"));
      node.node().reloadConfig();
    }
    assertJson(login(known, "ldap-secret-4"), 200);
  }

  @Test
  void anUnreachableDirectoryIsA503AndLocalAccountsAreUnaffected() {
    String local = ApiClient.unique("local");
    node.client().createUser(local, PASSWORD);
    String uid = person("ldap-secret-6");

    // Port 1 on loopback: nothing listens there.
    node.setEnvironment(Map.of("MM_LDAPSETTINGS_LDAPPORT", "1"));
    node.node().reloadConfig();
    try {
      assertError(login(uid, "ldap-secret-6"), 503, "ent.ldap.do_login.unable_to_connect.app_error");
      assertJson(login(local, PASSWORD), 200);
    } finally {
      node.setEnvironment(Map.of("MM_LDAPSETTINGS_LDAPPORT", Integer.toString(ldap.port())));
      node.node().reloadConfig();
    }
    assertJson(login(uid, "ldap-secret-6"), 200);
  }
}
