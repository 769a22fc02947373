package chorus.node.api;

import static chorus.node.api.ApiAssertions.assertError;
import static chorus.node.api.ApiAssertions.assertJson;
import static chorus.node.api.ApiAssertions.fieldNames;
import static chorus.node.api.ApiAssertions.ids;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.ApiClient.Response;
import chorus.node.testkit.TestNode;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Accounts, login, sessions and the three ways a session token arrives (header, any-case
 * bearer, cookie with CSRF). The node is fresh so that the first account is known.
 */
class UserApiTest {
  private static final String PASSWORD = "Passw0rd!";

  private static TestNode node;
  private static Response firstCreated;
  private static Response secondCreated;
  /** Logged in as the first account, a system admin. */
  private static ApiClient admin;

  @BeforeAll
  static void start() {
    node = TestNode.start();
    String first = ApiClient.unique("first");
    String second = ApiClient.unique("second");
    firstCreated = node.client().post("/users", newUser(first, PASSWORD));
    secondCreated = node.client().post("/users", newUser(second, PASSWORD));
    admin = node.client();
    admin.login(first, PASSWORD);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  private static Map<String, Object> newUser(String username, String password) {
    return Map.of("username", username, "email", username + "@example.com", "password", password);
  }

  private static int userCount() {
    return assertJson(admin.get("/users?page=0&per_page=200"), 200).size();
  }

  // --- sign-up ---

  @Test
  void firstAccountBecomesSystemAdminAndTheSecondDoesNot() {
    assertThat(assertJson(firstCreated, 201).path("roles").asText()).isEqualTo("system_user system_admin");
    assertThat(assertJson(secondCreated, 201).path("roles").asText()).isEqualTo("system_user");
    assertThat(assertJson(admin.get("/users/me"), 200).path("roles").asText()).isEqualTo("system_user system_admin");
  }

  @Test
  void createReturns201WithTheNewUserAndNoSecrets() {
    String username = ApiClient.unique("new");

    Response response = node.client().post("/users", Map.of("username", username, "email", username + "@Example.COM",
        "password", PASSWORD, "first_name", "Ada"));

    JsonNode user = assertJson(response, 201);
    assertThat(user.path("id").asText()).matches("[a-z0-9]{26}");
    assertThat(user.path("username").asText()).isEqualTo(username);
    assertThat(user.path("email").asText()).isEqualTo(username + "@example.com");
    assertThat(user.path("first_name").asText()).isEqualTo("Ada");
    assertThat(user.path("create_at").asLong()).isGreaterThan(1_600_000_000_000L);
    assertThat(fieldNames(user)).doesNotContain("password", "auth_data", "mfa_secret");
  }

  @Test
  void noUserJsonEverContainsAPassword() {
    ApiClient client = node.client();
    String username = ApiClient.unique("nopw");
    JsonNode created = client.createUser(username, PASSWORD);
    Response login = client.post("/users/login", Map.of("login_id", username, "password", PASSWORD));
    client.withToken(login.header("Token"));
    String otherId = secondCreated.body().path("id").asText();

    List<JsonNode> bodies = List.of(created, assertJson(login, 200), assertJson(client.get("/users/me"), 200),
        assertJson(client.get("/users/" + otherId), 200), assertJson(client.post("/users/ids", List.of(otherId)), 200),
        assertJson(client.get("/users?per_page=200"), 200), assertJson(admin.get("/users/" + created.path("id").asText()), 200));

    for (JsonNode body : bodies) {
      assertThat(fieldNames(body)).doesNotContain("password", "auth_data", "mfa_secret");
      assertThat(body.toString()).doesNotContain(PASSWORD).doesNotContain("$2a$");
    }
  }

  @Test
  void theLongestUsernameAndPasswordAreAccepted() {
    String username = ApiClient.unique("max");
    username = username + "x".repeat(22 - username.length());
    String password = "Aa1" + "x".repeat(69);

    JsonNode user = assertJson(node.client().post("/users", newUser(username, password)), 201);

    assertThat(user.path("username").asText()).hasSize(22);
    assertJson(node.client().post("/users/login", Map.of("login_id", username, "password", password)), 200);
  }

  @Test
  void signUpCannotGrantItselfRoles() {
    String username = ApiClient.unique("sneaky");

    JsonNode user = assertJson(node.client().post("/users", Map.of("username", username, "email", username + "@example.com",
        "password", PASSWORD, "roles", "system_user system_admin")), 201);

    assertThat(user.path("roles").asText()).isEqualTo("system_user");
    JsonNode login = node.client().login(username, PASSWORD);
    assertThat(login.path("roles").asText()).isEqualTo("system_user");
  }

  @Test
  void duplicateUsernameIsRejectedAndNothingIsStored() {
    String username = ApiClient.unique("dup");
    node.client().createUser(username, PASSWORD);
    int before = userCount();

    Response response = node.client().post("/users", Map.of("username", username, "email", ApiClient.unique("other") + "@example.com",
        "password", PASSWORD));

    assertError(response, 400, "app.user.save.username_exists.app_error");
    assertThat(userCount()).isEqualTo(before);
  }

  @Test
  void duplicateEmailIsRejectedWhateverItsCaseAndNothingIsStored() {
    String username = ApiClient.unique("dupmail");
    node.client().createUser(username, PASSWORD);
    int before = userCount();
    String otherName = ApiClient.unique("other");

    Response exact = node.client().post("/users", Map.of("username", otherName, "email", username + "@example.com", "password", PASSWORD));
    Response upper = node.client().post("/users", Map.of("username", otherName, "email",
        (username + "@example.com").toUpperCase(Locale.ROOT), "password", PASSWORD));

    assertError(exact, 400, "app.user.save.email_exists.app_error");
    assertError(upper, 400, "app.user.save.email_exists.app_error");
    assertThat(userCount()).isEqualTo(before);
    assertError(node.client().post("/users/login", Map.of("login_id", otherName, "password", PASSWORD)),
        401, "api.user.login.invalid_credentials_email_username");
  }

  @Test
  void concurrentSignUpsWithOneUsernameCreateOneAccount() {
    String username = ApiClient.unique("race");
    int before = userCount();
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<CompletableFuture<Response>> calls = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        String email = ApiClient.unique("racer") + "@example.com";
        calls.add(CompletableFuture.supplyAsync(() -> node.client().post("/users",
            Map.of("username", username, "email", email, "password", PASSWORD)), pool));
      }
      List<Response> responses = calls.stream().map(CompletableFuture::join).toList();

      assertThat(responses.stream().filter(r -> r.status() == 201)).hasSize(1);
      responses.stream().filter(r -> r.status() != 201)
          .forEach(r -> assertError(r, 400, "app.user.save.username_exists.app_error"));
      assertThat(userCount()).isEqualTo(before + 1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void invalidFieldsAreRejectedAndNothingIsStored() {
    int before = userCount();
    String ok = ApiClient.unique("ok");
    record Case(Map<String, Object> body, String id) {}
    List<Case> cases = List.of(
        new Case(Map.of("username", "Upper" + ok, "email", ok + "@example.com", "password", PASSWORD), "model.user.is_valid.username.app_error"),
        new Case(Map.of("username", "has space", "email", ok + "@example.com", "password", PASSWORD), "model.user.is_valid.username.app_error"),
        new Case(Map.of("username", "ab", "email", ok + "@example.com", "password", PASSWORD), "model.user.is_valid.username.app_error"),
        new Case(Map.of("username", "1" + ok, "email", ok + "@example.com", "password", PASSWORD), "model.user.is_valid.username.app_error"),
        new Case(Map.of("username", "all", "email", ok + "@example.com", "password", PASSWORD), "model.user.is_valid.username.app_error"),
        new Case(Map.of("email", ok + "@example.com", "password", PASSWORD), "model.user.is_valid.username.app_error"),
        new Case(Map.of("username", ok, "email", "not-an-email", "password", PASSWORD), "model.user.is_valid.email.app_error"),
        new Case(Map.of("username", ok, "email", "", "password", PASSWORD), "model.user.is_valid.email.app_error"),
        new Case(Map.of("username", "u" + "x".repeat(22), "email", ok + "@example.com", "password", PASSWORD), "model.user.is_valid.username.app_error"),
        new Case(Map.of("username", ok, "email", ok + "@example.com", "password", "short"), "model.user.is_valid.pwd.app_error"),
        new Case(Map.of("username", ok, "email", ok + "@example.com", "password", "Aa1" + "x".repeat(70)), "model.user.is_valid.pwd.app_error"),
        new Case(Map.of("username", ok, "email", ok + "@example.com"), "model.user.is_valid.pwd.app_error"));

    for (Case c : cases) {
      assertThat(assertError(node.client().post("/users", c.body()), 400, c.id()).path("id").asText())
          .as("%s", c.body()).startsWith("model.user.is_valid.");
    }

    assertThat(userCount()).isEqualTo(before);
    assertError(node.client().post("/users/login", Map.of("login_id", ok, "password", PASSWORD)),
        401, "api.user.login.invalid_credentials_email_username");
  }

  // --- login and logout ---

  @Test
  void loginReturnsTheUserAndTheTokenHeaderButNoCookiesForHeaderClients() {
    String username = ApiClient.unique("login");
    JsonNode created = node.client().createUser(username, PASSWORD);

    Response response = node.client().post("/users/login", Map.of("login_id", username, "password", PASSWORD));

    JsonNode user = assertJson(response, 200);
    assertThat(user.path("id").asText()).isEqualTo(created.path("id").asText());
    assertThat(response.header("Token")).isNotBlank();
    assertThat(response.headers("Set-Cookie")).isEmpty();
    ApiClient client = node.client().withToken(response.header("Token"));
    assertThat(assertJson(client.get("/users/me"), 200).path("username").asText()).isEqualTo(username);
  }

  @Test
  void browserLoginAlsoSetsTheSessionCookies() {
    String username = ApiClient.unique("browser");
    JsonNode created = node.client().createUser(username, PASSWORD);

    Response response = node.client().send("POST", "/users/login", Map.of("login_id", username, "password", PASSWORD),
        Map.of("X-Requested-With", "XMLHttpRequest"));

    assertJson(response, 200);
    String token = response.header("Token");
    assertThat(token).isNotBlank();
    List<String> cookies = response.headers("Set-Cookie");
    assertThat(cookie(cookies, "MMAUTHTOKEN")).startsWith("MMAUTHTOKEN=" + token + ";").containsIgnoringCase("HttpOnly");
    assertThat(cookie(cookies, "MMUSERID")).startsWith("MMUSERID=" + created.path("id").asText() + ";");
    // The web app reads MMCSRF and MMUSERID from JavaScript, so they must not be HttpOnly.
    assertThat(cookie(cookies, "MMUSERID")).doesNotContainIgnoringCase("HttpOnly");
    assertThat(cookie(cookies, "MMCSRF")).matches("MMCSRF=[^;]+;.*").doesNotContainIgnoringCase("HttpOnly");
    // Path is the site's subpath and Max-Age the web session length (SessionLengthWebInHours, 720 h by default).
    for (String name : List.of("MMAUTHTOKEN", "MMUSERID", "MMCSRF")) {
      assertThat(cookie(cookies, name)).contains("Path=/").contains("Max-Age=2592000").doesNotContain("Secure");
    }
  }

  @Test
  void cookiesAreSecureBehindAnHttpsProxy() {
    String username = ApiClient.unique("secure");
    node.client().createUser(username, PASSWORD);

    Response response = node.client().send("POST", "/users/login", Map.of("login_id", username, "password", PASSWORD),
        Map.of("X-Requested-With", "XMLHttpRequest", "X-Forwarded-Proto", "https"));

    assertJson(response, 200);
    assertThat(cookie(response.headers("Set-Cookie"), "MMAUTHTOKEN")).contains("; Secure");
  }

  @Test
  void wrongPasswordAndUnknownUserLookTheSame() {
    String username = ApiClient.unique("wrong");
    node.client().createUser(username, PASSWORD);

    Response wrongPassword = node.client().post("/users/login", Map.of("login_id", username, "password", "Wr0ngPassword!"));
    Response unknownUser = node.client().post("/users/login", Map.of("login_id", ApiClient.unique("ghost"), "password", PASSWORD));

    assertError(wrongPassword, 401, "api.user.login.invalid_credentials_email_username");
    assertError(unknownUser, 401, "api.user.login.invalid_credentials_email_username");
    assertThat(wrongPassword.header("Token")).isNull();
    assertThat(unknownUser.header("Token")).isNull();
  }

  // --- login lockout (ServiceSettings.MaximumLoginAttempts, Mattermost's default of 10) ---

  private static final int MAXIMUM_LOGIN_ATTEMPTS = 10;
  private static final String LOCKED = "api.user.check_user_login_attempts.too_many.app_error";

  private static Response login(String loginId, String password) {
    return node.client().post("/users/login", Map.of("login_id", loginId, "password", password));
  }

  /** Before the lockout, the right password still signed in after any number of wrong ones. */
  @Test
  void tenWrongPasswordsLockTheAccountEvenAgainstTheRightOne() {
    String username = ApiClient.unique("locked");
    node.client().createUser(username, PASSWORD);

    for (int i = 0; i < MAXIMUM_LOGIN_ATTEMPTS; i++) {
      assertError(login(username, "Wr0ngPassword!"), 401, "api.user.login.invalid_credentials_email_username");
    }
    Response right = login(username, PASSWORD);
    Response byEmail = login(username + "@example.com", PASSWORD);

    assertError(right, 401, LOCKED);
    assertError(byEmail, 401, LOCKED);
    assertThat(right.header("Token")).isNull();
  }

  @Test
  void aSuccessfulLoginClearsTheFailedAttempts() {
    String username = ApiClient.unique("reset");
    node.client().createUser(username, PASSWORD);

    for (int i = 0; i < MAXIMUM_LOGIN_ATTEMPTS - 1; i++) {
      assertError(login(username, "Wr0ngPassword!"), 401, "api.user.login.invalid_credentials_email_username");
    }
    JsonNode user = assertJson(login(username, PASSWORD), 200);
    for (int i = 0; i < MAXIMUM_LOGIN_ATTEMPTS - 1; i++) {
      assertError(login(username, "Wr0ngPassword!"), 401, "api.user.login.invalid_credentials_email_username");
    }

    assertThat(user.path("failed_attempts").asInt()).isZero();
    assertJson(login(username, PASSWORD), 200);
  }

  private static String lockOut(String prefix) {
    String username = ApiClient.unique(prefix);
    node.client().createUser(username, PASSWORD);
    for (int i = 0; i < MAXIMUM_LOGIN_ATTEMPTS; i++) {
      login(username, "Wr0ngPassword!");
    }
    assertError(login(username, PASSWORD), 401, LOCKED);
    return username;
  }

  private static String userId(String username) {
    return ApiClient.find(assertJson(admin.get("/users?page=0&per_page=200"), 200), "username", username).orElseThrow().path("id").asText();
  }

  @Test
  void serverLimitsCountActiveUsersForSystemAdminsOnly() {
    ApiClient user = node.client();
    String id = user.signUp("limited").path("id").asText();
    long active = assertJson(admin.get("/limits/server"), 200).path("activeUserCount").asLong();

    assertJson(admin.put("/users/" + id + "/active", Map.of("active", false)), 200);
    JsonNode limits = assertJson(admin.get("/limits/server"), 200);

    assertThat(limits.path("activeUserCount").asLong()).isEqualTo(active - 1);
    assertThat(limits.path("maxUsersLimit").asLong()).isZero();
    assertThat(limits.has("active_user_count")).isFalse();
    ApiClient other = node.client();
    other.signUp("other");
    JsonNode others = assertJson(other.get("/limits/server"), 200);
    assertThat(others.path("activeUserCount").asLong()).as("not told to others").isZero();
    assertThat(others.path("postHistoryLimit").asLong()).isZero();
  }

  @Test
  void anAdminUnlocksAnAccountByReactivatingIt() {
    String username = lockOut("unlock");
    String id = userId(username);

    assertJson(admin.put("/users/" + id + "/active", Map.of("active", true)), 200);

    assertJson(login(username, PASSWORD), 200);
  }

  @Test
  void anAdminUnlocksAnAccountBySettingItsPassword() {
    String username = lockOut("reset");
    String id = userId(username);

    assertJson(admin.put("/users/" + id + "/password", Map.of("new_password", "N3wPassword!")), 200);

    assertError(login(username, PASSWORD), 401, "api.user.login.invalid_credentials_email_username");
    assertJson(login(username, "N3wPassword!"), 200);
  }

  @Test
  void changingYourOwnPasswordNeedsTheCurrentOneAndCountsWrongOnesAsFailedLogins() {
    String username = ApiClient.unique("own");
    ApiClient user = node.client();
    user.createUser(username, PASSWORD);
    user.login(username, PASSWORD);
    ApiClient other = node.client();
    other.signUp("other");

    assertError(user.put("/users/me/password", Map.of("current_password", "Wr0ngPassword!", "new_password", "N3wPassword!")), 400,
        "api.user.update_password.incorrect.app_error");
    assertError(user.put("/users/me/password", Map.of("current_password", PASSWORD, "new_password", "short")), 400,
        "model.user.is_valid.pwd.app_error");
    assertError(other.put("/users/" + userId(username) + "/password", Map.of("new_password", "N3wPassword!")), 403,
        "api.context.permissions.app_error");
    assertJson(user.put("/users/me/password", Map.of("current_password", PASSWORD, "new_password", "N3wPassword!")), 200);

    assertJson(user.get("/users/me"), 200);
    assertJson(login(username, "N3wPassword!"), 200);
    assertThat(assertJson(admin.get("/users/" + userId(username)), 200).path("failed_attempts").asInt()).isZero();
  }

  @Test
  void onlySystemAdminsChangeRolesAndActivationAndOnlyToKnownRoles() {
    ApiClient user = node.client();
    String id = user.signUp("plain").path("id").asText();

    assertError(user.put("/users/" + id + "/roles", Map.of("roles", "system_user system_admin")), 403, "api.context.permissions.app_error");
    assertError(user.put("/users/" + id + "/active", Map.of("active", false)), 403, "api.context.permissions.app_error");
    assertError(admin.put("/users/" + id + "/roles", Map.of("roles", "system_admin")), 400, "api.context.invalid_param.app_error");
    assertError(admin.put("/users/" + id + "/roles", Map.of("roles", "system_user team_god")), 400, "api.context.invalid_param.app_error");
    assertError(admin.put("/users/" + id + "/active", Map.of()), 400, "api.context.invalid_param.app_error");
    assertError(admin.put("/users/" + "q".repeat(26) + "/active", Map.of("active", false)), 404, "app.user.missing_account.const");
    assertThat(assertJson(user.get("/users/me"), 200).path("roles").asText()).isEqualTo("system_user");
  }

  /** Concurrent guesses cannot get more password checks than the limit between a read and an increment. */
  @Test
  void concurrentWrongPasswordsCannotExceedTheLimit() throws Exception {
    String username = ApiClient.unique("burst");
    node.client().createUser(username, PASSWORD);
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<CompletableFuture<Response>> guesses = new ArrayList<>();
      for (int i = 0; i < 3 * MAXIMUM_LOGIN_ATTEMPTS; i++) {
        guesses.add(CompletableFuture.supplyAsync(() -> login(username, "Wr0ngPassword!"), threads));
      }
      List<String> ids = new ArrayList<>();
      for (CompletableFuture<Response> guess : guesses) {
        ids.add(guess.get().errorId());
      }

      assertThat(ids).filteredOn("api.user.login.invalid_credentials_email_username"::equals).hasSize(MAXIMUM_LOGIN_ATTEMPTS);
      assertThat(ids).filteredOn(LOCKED::equals).hasSize(2 * MAXIMUM_LOGIN_ATTEMPTS);
      assertError(login(username, PASSWORD), 401, LOCKED);
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void loginByEmailIgnoresCase() {
    String username = ApiClient.unique("mail");
    node.client().createUser(username, PASSWORD);

    Response response = node.client().post("/users/login",
        Map.of("login_id", (username + "@example.com").toUpperCase(Locale.ROOT), "password", PASSWORD));

    assertThat(assertJson(response, 200).path("username").asText()).isEqualTo(username);
    assertThat(response.header("Token")).isNotBlank();
  }

  @Test
  void logoutKillsTheToken() {
    ApiClient client = node.client();
    client.signUp("logout");
    assertJson(client.get("/users/me"), 200);

    Response logout = client.post("/users/logout", null);

    assertThat(assertJson(logout, 200).path("status").asText()).isEqualTo("OK");
    assertThat(cookie(logout.headers("Set-Cookie"), "MMAUTHTOKEN")).startsWith("MMAUTHTOKEN=;").contains("Max-Age=0");
    assertError(client.get("/users/me"), 401, "api.context.session_expired.app_error");
  }

  @Test
  void aBrowserLogoutEndsTheCookieSession() {
    Session session = browserSession("cookieout");
    Map<String, String> cookie = Map.of("Cookie", "MMAUTHTOKEN=" + session.token(), "X-Requested-With", "XMLHttpRequest");
    assertJson(node.client().send("GET", "/users/me", null, cookie), 200);

    assertJson(node.client().send("POST", "/users/logout", null, cookie), 200);

    assertError(node.client().send("GET", "/users/me", null, cookie), 401, "api.context.session_expired.app_error");
    assertError(node.client().withToken(session.token()).get("/users/me"), 401, "api.context.session_expired.app_error");
  }

  @Test
  void logoutWithoutASessionIsStillOk() {
    assertThat(assertJson(node.client().post("/users/logout", null), 200).path("status").asText()).isEqualTo("OK");
  }

  // --- reading users ---

  @Test
  void meIsTheCallerWithTheirEmail() {
    ApiClient client = node.client();
    JsonNode me = client.signUp("me");

    JsonNode body = assertJson(client.get("/users/me"), 200);

    assertThat(body.path("id").asText()).isEqualTo(me.path("id").asText());
    assertThat(body.path("email").asText()).isEqualTo(me.path("username").asText() + "@example.com");
    assertThat(body.path("roles").asText()).isEqualTo("system_user");
    assertThat(assertJson(client.get("/users/" + me.path("id").asText()), 200).path("email").asText()).isNotEmpty();
  }

  // --- privacy (PrivacySettings.ShowEmailAddress / ShowFullName, both true by default as in Mattermost) ---

  /** A user with a full name, and a client signed in as them. */
  private static ApiClient userWithFullName(String prefix) {
    String username = ApiClient.unique(prefix);
    assertJson(node.client().post("/users", Map.of("username", username, "email", username + "@example.com", "password", PASSWORD,
        "first_name", "Grace", "last_name", "Hopper")), 201);
    ApiClient client = node.client();
    client.login(username, PASSWORD);
    return client;
  }

  private static void setPrivacy(boolean showEmailAddress, boolean showFullName) {
    node.setEnvironment(Map.of("MM_PRIVACYSETTINGS_SHOWEMAILADDRESS", Boolean.toString(showEmailAddress),
        "MM_PRIVACYSETTINGS_SHOWFULLNAME", Boolean.toString(showFullName)));
    node.node().reloadConfig();
  }

  @Test
  void byDefaultOtherUsersSeeEmailAndFullNameButNoAccountInternals() {
    ApiClient client = node.client();
    client.signUp("peek");
    ApiClient target = userWithFullName("target");
    JsonNode me = assertJson(target.get("/users/me"), 200);
    String targetId = me.path("id").asText();

    JsonNode seen = assertJson(client.get("/users/" + targetId), 200);

    assertThat(seen.path("username").asText()).isEqualTo(me.path("username").asText());
    assertThat(seen.path("email").asText()).isEqualTo(me.path("email").asText()).isNotEmpty();
    assertThat(seen.path("first_name").asText()).isEqualTo("Grace");
    assertThat(seen.path("last_name").asText()).isEqualTo("Hopper");
    assertThat(seen.path("last_password_update").asLong()).isZero();
    assertThat(me.path("last_password_update").asLong()).isPositive();
  }

  /** Before PrivacySettings were read, other users' e-mails and names were always blanked, whatever the settings. */
  @Test
  void privacySettingsHideEmailAndFullNameFromEveryoneButTheUserAndAdmins() {
    ApiClient client = node.client();
    String callerId = client.signUp("viewer").path("id").asText();
    ApiClient target = userWithFullName("private");
    String targetId = assertJson(target.get("/users/me"), 200).path("id").asText();
    setPrivacy(false, false);
    try {
      JsonNode one = assertJson(client.get("/users/" + targetId), 200);
      JsonNode byIds = ApiClient.find(assertJson(client.post("/users/ids", List.of(targetId, callerId)), 200), "id", targetId).orElseThrow();
      JsonNode listed = ApiClient.find(assertJson(client.get("/users?per_page=200"), 200), "id", targetId).orElseThrow();
      JsonNode self = assertJson(target.get("/users/" + targetId), 200);
      JsonNode byAdmin = assertJson(admin.get("/users/" + targetId), 200);

      for (JsonNode seen : List.of(one, byIds, listed)) {
        assertThat(seen.path("email").asText("")).isEmpty();
        assertThat(seen.path("first_name").asText("")).isEmpty();
        assertThat(seen.path("last_name").asText("")).isEmpty();
        assertThat(seen.path("username").asText()).isNotEmpty();
      }
      for (JsonNode seen : List.of(self, byAdmin)) {
        assertThat(seen.path("email").asText()).endsWith("@example.com");
        assertThat(seen.path("first_name").asText()).isEqualTo("Grace");
      }

      JsonNode clientConfig = assertJson(client.get("/config/client?format=old"), 200);
      assertThat(clientConfig.path("ShowEmailAddress").asText()).isEqualTo("false");
      assertThat(clientConfig.path("ShowFullName").asText()).isEqualTo("false");

      setPrivacy(true, false);
      JsonNode emailOnly = assertJson(client.get("/users/" + targetId), 200);
      assertThat(emailOnly.path("email").asText()).endsWith("@example.com");
      assertThat(emailOnly.path("first_name").asText("")).isEmpty();
    } finally {
      setPrivacy(true, true);
    }
  }

  @Test
  void unknownUserIsNotFound() {
    Response response = admin.get("/users/" + "a".repeat(26));

    assertJson(response, 404);
    assertThat(response.body().path("status_code").asInt()).isEqualTo(404);
  }

  @Test
  void usersByIdsDropsDuplicatesAndSkipsUnknownIds() {
    ApiClient client = node.client();
    JsonNode me = client.signUp("ids");
    JsonNode other = node.client().signUp("idsother");
    String a = me.path("id").asText();
    String b = other.path("id").asText();

    JsonNode users = assertJson(client.post("/users/ids", List.of(a, b, a, "z".repeat(26), b)), 200);

    assertThat(users.isArray()).isTrue();
    assertThat(ids(users)).containsExactlyInAnyOrder(a, b);
    long after = Math.max(me.path("update_at").asLong(), other.path("update_at").asLong());
    assertThat(assertJson(client.post("/users/ids?since=" + after, List.of(a, b)), 200).size()).isZero();
    assertThat(ids(assertJson(client.post("/users/ids?since=" + (after - 1), List.of(a, b)), 200))).isNotEmpty();
  }

  @Test
  void usersByIdsRejectsAnEmptyList() {
    assertJson(admin.post("/users/ids", List.of()), 400);
  }

  @Test
  void usersArePaged() {
    for (int i = 0; i < 3; i++) {
      node.client().createUser(ApiClient.unique("page"), PASSWORD);
    }

    JsonNode page0 = assertJson(admin.get("/users?page=0&per_page=2"), 200);
    JsonNode page1 = assertJson(admin.get("/users?page=1&per_page=2"), 200);
    JsonNode all = assertJson(admin.get("/users?page=0&per_page=200"), 200);

    assertThat(page0.size()).isEqualTo(2);
    assertThat(page1.size()).isEqualTo(2);
    assertThat(ids(page0)).doesNotContainAnyElementsOf(ids(page1));
    assertThat(ids(all).subList(0, 4)).containsExactlyElementsOf(concat(ids(page0), ids(page1)));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return Stream.concat(a.stream(), b.stream()).toList();
  }

  // --- how the token arrives ---

  @Test
  void withoutATokenTheCallIsUnauthorized() {
    assertError(node.client().get("/users/me"), 401, "api.context.session_expired.app_error");
    assertError(node.client().withToken("x".repeat(26)).get("/users/me"), 401, "api.context.session_expired.app_error");
  }

  @Test
  void bearerIsAcceptedInAnyCase() {
    ApiClient client = node.client();
    JsonNode me = client.signUp("bearer");
    String token = client.token();

    for (String scheme : List.of("bearer", "BEARER", "Bearer")) {
      Response response = node.client().send("GET", "/users/me", null, Map.of("Authorization", scheme + " " + token));
      assertThat(assertJson(response, 200).path("id").asText()).as(scheme).isEqualTo(me.path("id").asText());
    }
  }

  @Test
  void theCookieAloneAuthenticatesAGet() {
    Session session = browserSession("cookie");

    Response response = node.client().send("GET", "/users/me", null, Map.of("Cookie", "MMAUTHTOKEN=" + session.token()));

    assertThat(assertJson(response, 200).path("id").asText()).isEqualTo(session.userId());
  }

  @Test
  void theCookieWinsOverTheAuthorizationHeader() {
    Session cookieUser = browserSession("cookiewins");
    ApiClient headerUser = node.client();
    headerUser.signUp("hdrloses");

    Response response = node.client().send("GET", "/users/me", null,
        Map.of("Cookie", "MMAUTHTOKEN=" + cookieUser.token(), "Authorization", "Bearer " + headerUser.token()));

    assertThat(assertJson(response, 200).path("id").asText()).isEqualTo(cookieUser.userId());
  }

  @Test
  void aCookiePostWithoutCsrfProofIsRejectedAndStoresNothing() {
    Session session = browserSession("csrf");
    String name = ApiClient.unique("csrf");

    Response response = node.client().send("POST", "/teams", team(name), Map.of("Cookie", "MMAUTHTOKEN=" + session.token()));

    assertError(response, 401, "api.context.session_expired.app_error");
    assertThat(teamNames(session)).doesNotContain(name);
  }

  @Test
  void aCookiePostWithAWrongCsrfTokenIsRejectedAndStoresNothing() {
    Session session = browserSession("csrfwrong");
    String name = ApiClient.unique("csrfwrong");

    Response response = node.client().send("POST", "/teams", team(name), Map.of("Cookie", "MMAUTHTOKEN=" + session.token(),
        "X-CSRF-Token", session.csrf() + "x", "X-Requested-With", "XMLHttpRequest"));

    assertError(response, 401, "api.context.session_expired.app_error");
    assertThat(teamNames(session)).doesNotContain(name);
  }

  @Test
  void aCookiePostWithTheRightCsrfTokenIsAllowed() {
    Session session = browserSession("csrfok");
    String name = ApiClient.unique("csrfok");

    Response response = node.client().send("POST", "/teams", team(name), Map.of("Cookie", "MMAUTHTOKEN=" + session.token(),
        "X-CSRF-Token", session.csrf()));

    assertThat(assertJson(response, 201).path("name").asText()).isEqualTo(name);
    assertThat(teamNames(session)).contains(name);
  }

  /** Without strict enforcement Mattermost accepts X-Requested-With in place of the CSRF token (A.3). */
  @Test
  void aCookiePostFromXhrWithoutCsrfTokenIsAllowed() {
    Session session = browserSession("csrfxhr");
    String name = ApiClient.unique("csrfxhr");

    Response response = node.client().send("POST", "/teams", team(name), Map.of("Cookie", "MMAUTHTOKEN=" + session.token(),
        "X-Requested-With", "XMLHttpRequest"));

    assertJson(response, 201);
    assertThat(teamNames(session)).contains(name);
  }

  private record Session(String userId, String token, String csrf) {}

  /** Signs up and logs in as a browser does, returning the values of its cookies. */
  private static Session browserSession(String prefix) {
    String username = ApiClient.unique(prefix);
    JsonNode user = node.client().createUser(username, PASSWORD);
    Response login = node.client().send("POST", "/users/login", Map.of("login_id", username, "password", PASSWORD),
        Map.of("X-Requested-With", "XMLHttpRequest"));
    assertJson(login, 200);
    String csrf = cookie(login.headers("Set-Cookie"), "MMCSRF").split(";")[0].substring("MMCSRF=".length());
    return new Session(user.path("id").asText(), login.header("Token"), csrf);
  }

  private static Map<String, Object> team(String name) {
    return Map.of("name", name, "display_name", "Team " + name, "type", "O");
  }

  /** The session's teams, read with the header token (never CSRF-checked). */
  private static List<String> teamNames(Session session) {
    JsonNode teams = assertJson(node.client().withToken(session.token()).get("/users/me/teams"), 200);
    List<String> names = new ArrayList<>();
    teams.forEach(team -> names.add(team.path("name").asText()));
    return names;
  }

  private static String cookie(List<String> setCookies, String name) {
    return setCookies.stream().filter(c -> c.startsWith(name + "=")).findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " cookie in " + setCookies));
  }
}
