package chorus.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.client.ApiCallException;
import chorus.client.ChorusClient;
import chorus.node.testkit.NodeFixture;
import chorus.protocol.api.Channel;
import chorus.protocol.api.CreateTeamRequest;
import chorus.protocol.api.Team;
import chorus.protocol.api.User;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every mmctl command whose route Chorus serves, run as bin/mmctl runs it against one real
 * node: exit codes, plain and {@code --json} output, and what changed on the server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MmctlTest {
  private static final AtomicInteger SEQ = new AtomicInteger();
  @RegisterExtension
  static final NodeFixture NODE = NodeFixture.withConfigFile(Map.of("MM_JOBSETTINGS_RUNJOBS", "false",
      "MM_SERVICESETTINGS_ENABLEUSERACCESSTOKENS", "true"), "{}");
  private String adminName;
  private String url;
  private ChorusClient admin;
  private MmctlRunner mmctl;
  @TempDir Path home;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    url = NODE.node().baseUrl();
    adminName = NODE.adminUsername();
    admin = ChorusClient.withToken(url, NODE.admin().token());
    mmctl = new MmctlRunner(dir.resolve("mmctl").resolve("config"));
    MmctlRunner.Result login = mmctl.run("auth", "login", url, "--name", "local", "--username", adminName,
        "--password", NodeFixture.ADMIN_PASSWORD);
    assertThat(login.code()).as(login.toString()).isZero();
  }

  private static String unique(String prefix) {
    return prefix + System.nanoTime() % 100000 + SEQ.incrementAndGet();
  }

  private MmctlRunner.Result ok(String... args) {
    MmctlRunner.Result result = mmctl.run(args);
    assertThat(result.code()).as(String.join(" ", args) + "\n" + result).isZero();
    return result;
  }

  private MmctlRunner.Result fails(String... args) {
    MmctlRunner.Result result = mmctl.run(args);
    assertThat(result.code()).as(String.join(" ", args) + "\n" + result).isEqualTo(1);
    return result;
  }

  private User newUser(String password) {
    String name = unique("user");
    return admin.createUser(new chorus.protocol.api.CreateUserRequest(name, name + "@example.com", password, null, null, null, null,
        null, null, null));
  }

  // ---- auth

  @Test
  void loginStoresCredentialsInMmctlsFileWithMode0600() throws Exception {
    Path config = home.resolve("xdg").resolve("mmctl").resolve("config");
    Map<String, String> env = Map.of("XDG_CONFIG_HOME", home.resolve("xdg").toString(), "HOME", home.toString());
    MmctlRunner.Result login = MmctlRunner.runWithEnv(env, "auth", "login", url, "--name", "first", "--username",
        adminName, "--password", NodeFixture.ADMIN_PASSWORD);
    assertThat(login.code()).as(login.toString()).isZero();
    assertThat(login.out()).contains("credentials for \"first\": \"" + adminName + "@" + url + "\" stored");

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config.getParent()))).isEqualTo("rwx------");
    JsonNode stored = ChorusClient.json().readTree(config.toFile()).get("first");
    assertThat(stored.get("name").asText()).isEqualTo("first");
    assertThat(stored.get("username").asText()).isEqualTo(adminName);
    assertThat(stored.get("instanceUrl").asText()).isEqualTo(url);
    assertThat(stored.get("authMethod").asText()).isEqualTo("P");
    assertThat(stored.get("active").asBoolean()).isTrue();
    // The stored token is a working session.
    assertThat(ChorusClient.withToken(url, stored.get("authToken").asText()).me().username()).isEqualTo(adminName);

    // Without XDG_CONFIG_HOME mmctl looks in ~/.config/mmctl/config.
    MmctlRunner.Result viaHome = MmctlRunner.runWithEnv(Map.of("HOME", home.toString()), "auth", "login", url, "--name",
        "home", "--username", adminName, "--password", NodeFixture.ADMIN_PASSWORD);
    assertThat(viaHome.code()).as(viaHome.toString()).isZero();
    assertThat(home.resolve(".config/mmctl/config")).exists();
  }

  @Test
  void authCurrentListSwitchDelete(@TempDir Path dir) {
    MmctlRunner own = new MmctlRunner(dir.resolve("config"));
    String token = admin.token().orElseThrow();
    assertThat(own.run("auth", "login", url, "--name", "one", "--username", adminName, "--password",
        NodeFixture.ADMIN_PASSWORD).code()).isZero();
    MmctlRunner.Result second = own.run("auth", "login", url, "--name", "two", "--access-token", token, "--no-activate");
    assertThat(second.code()).as(second.toString()).isZero();

    JsonNode current = own.run("--json", "auth", "current").json();
    assertThat(current.get("name").asText()).isEqualTo("one");
    assertThat(own.run("auth", "current").out()).contains("found credentials for connection \"one\"");

    JsonNode list = own.run("auth", "list", "--json").json();
    assertThat(list).hasSize(2);
    List<String> methods = new ArrayList<>();
    list.forEach(c -> methods.add(c.get("name").asText() + "=" + c.get("authMethod").asText()));
    assertThat(methods).containsExactlyInAnyOrder("one=P", "two=T");

    assertThat(own.run("auth", "switch", "two").code()).isZero();
    assertThat(own.run("--json", "auth", "current").json().get("name").asText()).isEqualTo("two");
    // The token credentials work for API commands.
    assertThat(own.run("system", "version").code()).isZero();
    assertThat(own.run("auth", "set", "one").code()).isZero();
    assertThat(own.run("auth", "switch", "nope").code()).isEqualTo(1);

    assertThat(own.run("auth", "delete", "two").code()).isZero();
    assertThat(own.run("--json", "auth", "list").json()).hasSize(1);
    assertThat(own.run("auth", "delete", "two").code()).isEqualTo(1);
    assertThat(own.run("auth", "clean").code()).isZero();
    MmctlRunner.Result none = own.run("user", "list");
    assertThat(none.code()).isEqualTo(1);
    assertThat(none.err()).startsWith("Error: cannot read user credentials");
  }

  @Test
  void wrongPasswordExitsOneWithMattermostsMessageAndStoresNothing(@TempDir Path dir) {
    MmctlRunner own = new MmctlRunner(dir.resolve("config"));
    MmctlRunner.Result result = own.run("auth", "login", url, "--name", "bad", "--username", adminName,
        "--password", "wrong-password");
    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("Error: Enter a valid email or username and/or password.\n");
    assertThat(dir.resolve("config")).doesNotExist();
  }

  @Test
  void localAndUnknownCommandsExitOne() {
    assertThat(fails("--local", "system", "version").err()).contains("--local is not supported");
    assertThat(fails("nonsense").err()).contains("Error:");
    assertThat(fails("user", "create", "--username", "x").err()).contains("Missing required option");
    assertThat(fails("--format", "yaml", "system", "version").err()).contains("invalid format");
  }

  // ---- system

  @Test
  void systemPingStatusVersion() {
    assertThat(ok("system", "ping").out()).isEqualTo("Status: OK\n");
    assertThat(ok("system", "ping", "--json").json().get("status").asText()).isEqualTo("OK");

    String header = admin.ping(false).serverVersion();
    assertThat(header).isNotEmpty();
    assertThat(ok("system", "version").out()).isEqualTo("Server version " + header + "\n");
    assertThat(ok("--json", "system", "version").json().get("version").asText()).isEqualTo(header);

    assertThat(ok("system", "status").out()).contains("Server status: OK", "Database Status: OK", "Filestore Status: OK");
    JsonNode status = ok("system", "status", "--json").json();
    assertThat(status.get("database_status").asText()).isEqualTo("OK");
    assertThat(status.get("filestore_status").asText()).isEqualTo("OK");
  }

  // ---- config

  @Test
  void configGetSetPatchShowReload(@TempDir Path dir) throws Exception {
    JsonNode before = ok("config", "get", "TeamSettings.MaxUsersPerTeam", "--json").json();
    assertThat(before.isNumber()).isTrue();

    ok("config", "set", "TeamSettings.MaxUsersPerTeam", "77");
    assertThat(ok("config", "get", "TeamSettings.MaxUsersPerTeam").out().strip()).isEqualTo("77");
    assertThat(admin.getConfig().at("/TeamSettings/MaxUsersPerTeam").asInt()).isEqualTo(77);
    assertThat(ChorusClient.json().readTree(NODE.configFile().toFile()).at("/TeamSettings/MaxUsersPerTeam").asInt()).isEqualTo(77);

    ok("config", "set", "ServiceSettings.EnableDeveloper", "true");
    assertThat(ok("--json", "config", "get", "ServiceSettings.EnableDeveloper").json().asBoolean()).isTrue();
    ok("config", "set", "ServiceSettings.EnableDeveloper", "false");
    assertThat(fails("config", "set", "ServiceSettings.EnableDeveloper", "maybe").err()).contains("true or false");
    assertThat(fails("config", "get", "NoSuchSection.Setting").err()).isEqualTo("Error: invalid key\n");
    // The server's own validation comes back as Mattermost's message, exit 1.
    assertThat(fails("config", "set", "TeamSettings.MaxUsersPerTeam", "-5").err()).startsWith("Error: ");

    Path patch = dir.resolve("patch.json");
    Files.writeString(patch, "{\"TeamSettings\": {\"MaxUsersPerTeam\": 88}}");
    JsonNode patched = ok("config", "patch", patch.toString(), "--json").json();
    assertThat(patched.at("/TeamSettings/MaxUsersPerTeam").asInt()).isEqualTo(88);
    assertThat(admin.getConfig().at("/TeamSettings/MaxUsersPerTeam").asInt()).isEqualTo(88);
    assertThat(fails("config", "patch", dir.resolve("missing.json").toString()).err()).contains("unable to read");

    JsonNode shown = ok("config", "show", "--json").json();
    assertThat(shown.at("/TeamSettings/MaxUsersPerTeam").asInt()).isEqualTo(88);
    assertThat(shown.at("/SqlSettings/DataSource").asText()).isEqualTo("*".repeat(32));
    assertThat(ok("config", "show").out()).contains("\"MaxUsersPerTeam\": 88");

    // Edit the file behind the node's back, then reload: the API serves the file's value.
    JsonNode file = ChorusClient.json().readTree(NODE.configFile().toFile());
    ((com.fasterxml.jackson.databind.node.ObjectNode) file.get("TeamSettings")).put("MaxUsersPerTeam", 99);
    Files.writeString(NODE.configFile(), file.toString());
    ok("config", "reload");
    assertThat(admin.getConfig().at("/TeamSettings/MaxUsersPerTeam").asInt()).isEqualTo(99);
  }

  // ---- users

  @Test
  void userCreateListSearch() {
    String name = unique("alice");
    assertThat(ok("user", "create", "--username", name, "--email", name + "@example.com", "--password", "Passw0rd!x")
        .out()).isEqualTo("Created user " + name + "\n");
    String other = unique("bob");
    JsonNode created = ok("--json", "user", "create", "--username", other, "--email", other + "@example.com", "--password",
        "Passw0rd!x", "--firstname", "Bob", "--system-admin").json();
    assertThat(created).hasSize(1);
    assertThat(created.get(0).get("username").asText()).isEqualTo(other);
    assertThat(created.get(0).get("roles").asText()).contains("system_admin");
    assertThat(admin.getUser(created.get(0).get("id").asText()).firstName()).isEqualTo("Bob");

    List<String> listed = new ArrayList<>();
    ok("user", "list", "--json", "--all", "--per-page", "2").json().forEach(u -> listed.add(u.get("username").asText()));
    assertThat(listed).contains(name, other, adminName);
    assertThat(ok("user", "list").out()).contains(": " + name + " (" + name + "@example.com)");

    JsonNode found = ok("user", "search", name + "@example.com", other, "--json").json();
    assertThat(found).hasSize(2);
    assertThat(found.get(0).get("username").asText()).isEqualTo(name);
    assertThat(found.get(1).get("username").asText()).isEqualTo(other);
    assertThat(ok("user", "search", name).out()).contains("username: " + name, "email: " + name + "@example.com");
    MmctlRunner.Result missing = fails("user", "search", name, "nobody-here");
    assertThat(missing.err()).contains("Unable to find user 'nobody-here'");
    assertThat(missing.out()).contains("username: " + name);

    assertThat(fails("user", "create", "--username", name, "--email", name + "2@example.com", "--password", "Passw0rd!x")
        .err()).startsWith("Error: ");
  }

  @Test
  void userDeactivateActivate() {
    User user = newUser("Passw0rd!x");
    ok("user", "deactivate", user.username());
    assertThat(admin.getUser(user.id()).deleteAt()).isPositive();
    assertThat(ok("user", "list", "--inactive", "--json").json().findValuesAsText("username")).contains(user.username());
    Assertions.assertThatThrownBy(() -> ChorusClient.anonymous(url).login(user.username(), "Passw0rd!x"))
        .isInstanceOf(ApiCallException.class);

    ok("user", "activate", user.email());
    assertThat(admin.getUser(user.id()).deleteAt()).isZero();
    assertThat(fails("user", "activate", "nobody-at-all").err()).contains("nobody-at-all");
  }

  @Test
  void userChangesOwnPassword(@TempDir Path dir) {
    User user = newUser("Old-Passw0rd!");
    MmctlRunner own = new MmctlRunner(dir.resolve("config"));
    assertThat(own.run("auth", "login", url, "--name", "u", "--username", user.username(), "--password", "Old-Passw0rd!")
        .code()).isZero();
    MmctlRunner.Result wrong = own.run("user", "change-password", user.username(), "--current", "not-it", "--password",
        "New-Passw0rd!");
    assertThat(wrong.code()).isEqualTo(1);
    MmctlRunner.Result changed = own.run("user", "change-password", user.username(), "--current", "Old-Passw0rd!", "--password",
        "New-Passw0rd!");
    assertThat(changed.code()).as(changed.toString()).isZero();
    assertThat(changed.out()).isEqualTo("Password for user " + user.username() + " successfully changed\n");
    assertThat(ChorusClient.anonymous(url).login(user.username(), "New-Passw0rd!").user().id()).isEqualTo(user.id());
  }

  // ---- teams, channels, posts

  private Team newTeam() {
    String name = unique("team");
    ok("team", "create", "--name", name, "--display-name", "Team " + name);
    return admin.teamsOf("me").stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void teamCreateListUsersAdd() {
    String name = unique("team");
    assertThat(ok("team", "create", "--name", name, "--display-name", "Team " + name).out())
        .isEqualTo("New team " + name + " successfully created\n");
    String privateName = unique("team");
    JsonNode created = ok("--json", "team", "create", "--name", privateName, "--display-name", "P", "--private").json();
    assertThat(created.get(0).get("type").asText()).isEqualTo("I");
    assertThat(created.get(0).get("allow_open_invite").asBoolean()).isFalse();

    assertThat(ok("team", "list", "--json").json().findValuesAsText("name")).contains(name, privateName);
    assertThat(ok("team", "list").out()).contains(name + "\n");

    User user = newUser("Passw0rd!x");
    User second = newUser("Passw0rd!x");
    ok("team", "users", "add", name, user.username(), second.email());
    assertThat(admin.teamsOf(user.id())).extracting(Team::name).contains(name);
    assertThat(admin.teamsOf(second.id())).extracting(Team::name).contains(name);
    assertThat(fails("team", "users", "add", name, "no-such-user").err()).contains("Can't find user 'no-such-user'");
    assertThat(fails("team", "users", "add", "no-such-team", user.username()).err()).contains("unable to find team");
  }

  @Test
  void channelCreateListAddRemove() {
    Team team = newTeam();
    String name = unique("chan");
    assertThat(ok("channel", "create", "--team", team.name(), "--name", name, "--display-name", "C " + name, "--purpose", "p")
        .out()).isEqualTo("New channel " + name + " successfully created\n");
    String secret = unique("chan");
    JsonNode created = ok("--json", "channel", "create", "--team", team.id(), "--name", secret, "--display-name", "S",
        "--private").json();
    assertThat(created.get(0).get("type").asText()).isEqualTo("P");

    assertThat(ok("channel", "list", team.name(), "--json").json().findValuesAsText("name"))
        .contains(name, secret, "town-square", "off-topic");
    assertThat(ok("channel", "list", team.name()).out()).contains(name + "\n", secret + " (private)\n");

    User user = newUser("Passw0rd!x");
    ok("team", "users", "add", team.name(), user.username());
    ok("channel", "users", "add", team.name() + ":" + name, user.username());
    assertThat(admin.channelsOf(user.id(), team.id(), false)).extracting(Channel::name).contains(name);
    ok("channel", "users", "remove", team.name() + ":" + name, user.username());
    assertThat(admin.channelsOf(user.id(), team.id(), false)).extracting(Channel::name).doesNotContain(name);
    // mmctl's older spellings.
    ok("channel", "add", created.get(0).get("id").asText(), user.email());
    assertThat(admin.channelsOf(user.id(), team.id(), false)).extracting(Channel::name).contains(secret);
    ok("channel", "remove", team.name() + ":" + secret, user.id());
    assertThat(admin.channelsOf(user.id(), team.id(), false)).extracting(Channel::name).doesNotContain(secret);

    assertThat(fails("channel", "users", "add", team.name() + ":no-such-channel", user.username()).err())
        .contains("unable to find channel");
  }

  @Test
  void postCreateList() {
    Team team = newTeam();
    String channel = team.name() + ":town-square";
    assertThat(ok("post", "create", channel, "--message", "first words").out()).isEmpty();
    JsonNode second = ok("--json", "post", "create", channel, "-m", "second words").json();
    String secondId = second.get(0).get("id").asText();
    ok("post", "create", channel, "--message", "a reply", "--reply-to", secondId);

    JsonNode listed = ok("post", "list", channel, "--json").json();
    assertThat(listed.findValuesAsText("message")).containsSubsequence("first words", "second words", "a reply");
    assertThat(ok("post", "list", channel, "-n", "2").out())
        .isEqualTo("[" + adminName + "] second words\n[" + adminName + "] a reply\n");
    assertThat(ok("post", "list", channel, "--since", "2000-01-01T00:00:00Z", "--json").json().findValuesAsText("message"))
        .containsSubsequence("first words", "second words", "a reply");
    assertThat(fails("post", "list", channel, "--follow").err()).contains("--follow is not supported");
  }

  // ---- LDAP and jobs

  @Test
  void ldapSyncQueuesAJobThatJobCommandsShowAndCancel() {
    assertThat(ok("ldap", "sync").out()).isEqualTo("SUCCESS: LDAP sync started\n");
    JsonNode jobs = ok("job", "list", "--type", "ldap_sync", "--json").json();
    assertThat(jobs).isNotEmpty();
    String id = jobs.get(0).get("id").asText();
    assertThat(jobs.get(0).get("status").asText()).isEqualTo("pending");
    assertThat(ok("job", "list", "--ids", id).out()).contains("  ID: " + id, "  Status: pending");
    assertThat(ok("job", "list", "--status", "success").out()).isEqualTo("No jobs found\n");

    assertThat(ok("job", "show", id, "--json").json().get("id").asText()).isEqualTo(id);
    JsonNode canceled = ok("job", "cancel", id, "--json").json();
    assertThat(canceled.get("status").asText()).isIn("canceled", "cancel_requested");
    assertThat(fails("job", "show", "a".repeat(26)).err()).startsWith("Error: ");
  }

  // ---- removing from a team, archiving

  @Test
  void teamUsersRemove() {
    String teamName = unique("removal");
    ok("team", "create", "--name", teamName, "--display-name", "Removal");
    User user = newUser("Passw0rd!x");
    ok("team", "users", "add", teamName, user.username());
    assertThat(admin.teamsOf(user.id())).extracting(Team::name).contains(teamName);

    ok("team", "users", "remove", teamName, user.username());

    assertThat(admin.teamsOf(user.id())).extracting(Team::name).doesNotContain(teamName);
  }

  @Test
  void channelArchive() {
    String teamName = unique("archiving");
    ok("team", "create", "--name", teamName, "--display-name", "Archiving");
    ok("channel", "create", "--team", teamName, "--name", "old-news", "--display-name", "Old");

    ok("channel", "archive", teamName + ":old-news");

    Team team = admin.teamsOf("me").stream().filter(t -> t.name().equals(teamName)).findFirst().orElseThrow();
    Channel channel = admin.channelsOf("me", team.id(), true).stream().filter(c -> c.name().equals("old-news")).findFirst()
        .orElseThrow();
    assertThat(channel.deleteAt()).isPositive();
    assertThat(ok("channel", "list", teamName).out()).contains("old-news (archived)");
  }

  @Test
  void teamListShowsEveryTeamToAnAdminAndFindsTeamsItIsNotIn() {
    User owner = newUser("Passw0rd!x");
    ChorusClient ownerClient = ChorusClient.anonymous(url).login(owner.username(), "Passw0rd!x").client();
    String foreign = unique("foreign");
    ownerClient.createTeam(new CreateTeamRequest(foreign, "Not the admin's", Team.INVITE, null, null, null));

    assertThat(ok("team", "list").out()).contains(foreign + "\n");
    User joiner = newUser("Passw0rd!x");
    ok("team", "users", "add", foreign, joiner.username());
    assertThat(admin.teamsOf(joiner.id())).extracting(Team::name).contains(foreign);
  }

  // ---- personal access tokens

  @Test
  void tokenGenerateListRevoke() {
    User user = newUser("Passw0rd!x");
    MmctlRunner.Result generated = ok("token", "generate", user.username(), "for the nightly script");
    String secret = generated.out().substring(0, generated.out().indexOf(':'));
    assertThat(generated.out()).isEqualTo(secret + ": for the nightly script\n");
    assertThat(ChorusClient.withToken(url, secret).me().id()).isEqualTo(user.id());

    JsonNode listed = ok("--json", "token", "list", user.email()).json();
    assertThat(listed.findValuesAsText("description")).containsExactly("for the nightly script");
    assertThat(listed.get(0).has("token")).isFalse();
    String tokenId = listed.get(0).get("id").asText();
    assertThat(ok("token", "list", user.id(), "--active").out()).isEqualTo(tokenId + ": for the nightly script\n");
    assertThat(ok("token", "list", user.id(), "--inactive").out()).isEmpty();

    ok("token", "revoke", tokenId);
    Assertions.assertThatThrownBy(() -> ChorusClient.withToken(url, secret).me())
        .isInstanceOfSatisfying(ApiCallException.class, e -> assertThat(e.status()).isEqualTo(401));
    MmctlRunner.Result again = mmctl.run("token", "revoke", tokenId);
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).contains("could not revoke token " + tokenId);
  }
}
