package chorus.client.cli;

import chorus.client.ChorusClient;
import chorus.protocol.api.User;
import java.io.Console;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mmctl auth}: connections (instance, user, session token) kept in mmctl's credentials file. */
@Command(name = "auth", description = "Manages the credentials of the remote Mattermost instances",
    subcommands = {AuthCommand.Login.class, AuthCommand.Current.class, AuthCommand.ListCredentials.class, AuthCommand.Set.class,
        AuthCommand.Delete.class, AuthCommand.Clean.class})
final class AuthCommand {

  @Command(name = "login", description = "Login into an instance and store credentials")
  static final class Login implements Callable<Integer> {
    private final Cli cli;
    @Parameters(index = "0", paramLabel = "instance url") String instanceUrl;
    @Option(names = {"-n", "--name"}, description = "Name for the credentials") String name;
    @Option(names = {"-u", "--username"}, description = "Username for the credentials") String username;
    @Option(names = {"-p", "--password"}, description = "Password for the credentials") String password;
    @Option(names = "--password-file", description = "Password for the credentials, read from this file") java.nio.file.Path passwordFile;
    @Option(names = {"-a", "--access-token"}, description = "Personal access token (or a session token) to use instead of username/password") String accessToken;
    @Option(names = {"-m", "--mfa-token"}, description = "MFA token for the credentials (Chorus has no MFA: refused)") String mfaToken;
    @Option(names = "--no-activate", description = "If present, it won't activate the credentials after login") boolean noActivate;

    Login(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() throws Exception {
      String url = instanceUrl.replaceAll("/+$", "");
      if (!url.startsWith("http://") && !url.startsWith("https://")) {
        url = "https://" + url;
      }
      if (mfaToken != null) {
        throw new CliException("MFA is not supported by Chorus");
      }
      String connection = name != null ? name : prompt("Connection name: ", false);
      ChorusClient anonymous = ChorusClient.anonymous(url);
      Credentials credentials;
      if (accessToken != null) {
        if (username != null || password != null) {
          throw new CliException("you must use --access-token or --username, not both");
        }
        User me = anonymous.withSessionToken(accessToken).me();
        credentials = new Credentials(connection, me.username(), accessToken, Credentials.METHOD_TOKEN, url, false);
      } else {
        String user = username != null ? username : prompt("Username: ", false);
        String secret = password != null ? password
            : passwordFile != null ? java.nio.file.Files.readString(passwordFile).strip() : prompt("Password: ", true);
        ChorusClient.LoggedIn session = anonymous.login(user, secret);
        credentials = new Credentials(connection, user, session.client().token().orElseThrow(), Credentials.METHOD_PASSWORD, url, false);
      }
      cli.credentials().save(credentials, !noActivate);
      cli.out().println("\n  credentials for \"" + connection + "\": \"" + credentials.username() + "@" + url + "\" stored\n");
      return 0;
    }

    private static String prompt(String label, boolean secret) {
      Console console = System.console();
      if (console == null) {
        throw new CliException("missing " + label.replace(": ", "").toLowerCase() + ": give it as a flag (no terminal to ask on)");
      }
      String value = secret ? new String(console.readPassword(label)) : console.readLine(label);
      if (value == null || value.isBlank()) {
        throw new CliException(label.replace(": ", "") + " cannot be empty");
      }
      return value.strip();
    }
  }

  @Command(name = "current", description = "Show the currently stored user credentials")
  static final class Current implements Callable<Integer> {
    private final Cli cli;

    Current(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      Credentials current = cli.credentials().current()
          .orElseThrow(() -> new CliException("no current context available. please use the \"auth set\" command"));
      cli.output().single();
      cli.output().print(current, c -> "found credentials for connection \"" + c.name() + "\": \"" + c.username() + "@"
          + c.instanceUrl() + "\"");
      return 0;
    }
  }

  @Command(name = "list", description = "Print a list of the registered credentials")
  static final class ListCredentials implements Callable<Integer> {
    private final Cli cli;

    ListCredentials(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      Map<String, Credentials> all = cli.credentials().readAll();
      if (all.isEmpty()) {
        throw new CliException("there are no registered credentials, maybe you need to use login first");
      }
      if (!cli.output().json()) {
        cli.out().printf("%n    | Active | %-20s | %-20s | %s%n", "Name", "Username", "InstanceUrl");
        cli.out().println("    |--------|----------------------|----------------------|------------------------");
      }
      all.values().forEach(c -> cli.output().print(c, x -> String.format("    | %-6s | %-20s | %-20s | %s",
          x.active() ? "*" : "", x.name(), x.username(), x.instanceUrl())));
      return 0;
    }
  }

  @Command(name = "set", aliases = "switch", description = "Set the credentials to use in the following commands")
  static final class Set implements Callable<Integer> {
    private final Cli cli;
    @Parameters(index = "0", paramLabel = "server name") String name;

    Set(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      cli.credentials().setCurrent(name);
      cli.out().println("Credentials for server \"" + name + "\" set as active");
      return 0;
    }
  }

  @Command(name = "delete", description = "Delete the named credentials")
  static final class Delete implements Callable<Integer> {
    private final Cli cli;
    @Parameters(index = "0", paramLabel = "server name") String name;

    Delete(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      cli.credentials().delete(name);
      cli.out().println("Credentials for server \"" + name + "\" successfully removed");
      return 0;
    }
  }

  @Command(name = "clean", description = "Clean the currently stored credentials")
  static final class Clean implements Callable<Integer> {
    private final Cli cli;

    Clean(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      cli.credentials().clean();
      cli.out().println("Credentials successfully removed");
      return 0;
    }
  }
}
