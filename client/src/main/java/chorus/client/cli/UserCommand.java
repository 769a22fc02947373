package chorus.client.cli;

import chorus.client.ApiCallException;
import chorus.client.ChorusClient;
import chorus.protocol.api.CreateUserRequest;
import chorus.protocol.api.User;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mmctl user}: accounts. A user argument is an e-mail, a username or an id. */
@Command(name = "user", description = "Management of users",
    subcommands = {UserCommand.Create.class, UserCommand.ListUsers.class, UserCommand.Search.class, UserCommand.Activate.class,
        UserCommand.Deactivate.class, UserCommand.ChangePassword.class})
final class UserCommand {

  static String describe(User u) {
    return String.join("\n", "id: " + u.id(), "username: " + u.username(), "nickname: " + nz(u.nickname()),
        "position: " + nz(u.position()), "first_name: " + nz(u.firstName()), "last_name: " + nz(u.lastName()),
        "email: " + nz(u.email()), "auth_service: " + nz(u.authService()));
  }

  static String nz(String s) {
    return s == null ? "" : s;
  }

  @Command(name = "create", description = "Create a user")
  static final class Create implements Callable<Integer> {
    private final Cli cli;
    @Option(names = "--username", required = true, description = "Required. Username for the new user account") String username;
    @Option(names = "--email", required = true, description = "Required. The email address for the new user account") String email;
    @Option(names = "--password", required = true, description = "Required. The password for the new user account") String password;
    @Option(names = "--firstname", description = "Optional. The first name for the new user account") String firstName;
    @Option(names = "--lastname", description = "Optional. The last name for the new user account") String lastName;
    @Option(names = "--nickname", description = "Optional. The nickname for the new user account") String nickname;
    @Option(names = "--locale", description = "Optional. The locale (ex: en, fr) for the new user account") String locale;
    @Option(names = "--system-admin", description = "Optional. If supplied, the new user will be a system administrator") boolean systemAdmin;
    @Option(names = "--email-verified", description = "Optional. Ignored: Chorus sends no verification e-mail") boolean emailVerified;
    @Option(names = "--disable-welcome-email", description = "Optional. Ignored: Chorus sends no welcome e-mail") boolean noWelcome;

    Create(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      ChorusClient client = cli.client();
      User created = client.createUser(new CreateUserRequest(username, email, password, firstName, lastName, nickname, null,
          locale, null, null));
      if (systemAdmin) {
        try {
          client.setUserRoles(created.id(), "system_user system_admin");
          created = client.getUser(created.id());
        } catch (ApiCallException e) {
          throw new CliException("Unable to update user roles. Error: " + e.serverMessage());
        }
      }
      cli.output().print(created, u -> "Created user " + u.username());
      return 0;
    }
  }

  @Command(name = "list", description = "List all users")
  static final class ListUsers implements Callable<Integer> {
    private final Cli cli;
    @Option(names = "--page", defaultValue = "0", description = "Page number to fetch for the list of users") int page;
    @Option(names = "--per-page", defaultValue = "200", description = "Number of users to be fetched") int perPage;
    @Option(names = "--all", description = "Fetch all users. --page flag will be ignore if provided") boolean all;
    @Option(names = "--inactive", description = "Display only inactive users") boolean inactive;

    ListUsers(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      ChorusClient client = cli.client();
      for (int p = all ? 0 : page; ; p++) {
        List<User> users = client.listUsers(p, perPage);
        users.stream().filter(u -> !inactive || u.deleteAt() > 0)
            .forEach(u -> cli.output().print(u, x -> x.id() + ": " + x.username() + " (" + nz(x.email()) + ")"));
        if (!all || users.size() < perPage) {
          return 0;
        }
      }
    }
  }

  @Command(name = "search", description = "Search for users based on username, email, or user ID")
  static final class Search implements Callable<Integer> {
    private final Cli cli;
    @Parameters(arity = "1..*", paramLabel = "users") List<String> users;

    Search(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      Lookups lookups = cli.lookups(cli.client());
      List<String> missing = new ArrayList<>();
      for (String arg : users) {
        lookups.findUser(arg).ifPresentOrElse(u -> cli.output().print(u, UserCommand::describe), () -> missing.add(arg));
      }
      missing.forEach(arg -> cli.err().println("Unable to find user '" + arg + "'"));
      return missing.isEmpty() ? 0 : 1;
    }
  }

  /** Shared by activate and deactivate: every user is tried; exit code 1 if any failed. */
  static int setActive(Cli cli, List<String> args, boolean active) {
    ChorusClient client = cli.client();
    Lookups lookups = cli.lookups(client);
    boolean failed = false;
    for (String arg : args) {
      try {
        User user = lookups.user(arg);
        client.setUserActive(user.id(), active);
      } catch (ApiCallException e) {
        cli.err().println("unable to change activation status of user: " + arg + ": " + e.serverMessage());
        failed = true;
      } catch (CliException e) {
        cli.err().println(e.getMessage());
        failed = true;
      }
    }
    return failed ? 1 : 0;
  }

  @Command(name = "activate", description = "Activate users that have been deactivated")
  static final class Activate implements Callable<Integer> {
    private final Cli cli;
    @Parameters(arity = "1..*", paramLabel = "emails, usernames, userIds") List<String> users;

    Activate(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      return setActive(cli, users, true);
    }
  }

  @Command(name = "deactivate", description = "Deactivate users. Deactivated users are immediately logged out of all sessions")
  static final class Deactivate implements Callable<Integer> {
    private final Cli cli;
    @Parameters(arity = "1..*", paramLabel = "emails, usernames, userIds") List<String> users;

    Deactivate(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      return setActive(cli, users, false);
    }
  }

  @Command(name = "change-password", description = "Changes a user's password (one's own needs --current; a system admin sets anyone's)")
  static final class ChangePassword implements Callable<Integer> {
    private final Cli cli;
    @Parameters(index = "0", paramLabel = "user") String user;
    @Option(names = {"-c", "--current"}, description = "The current password of the user") String current;
    @Option(names = {"-p", "--password"}, required = true, description = "The new password for the user") String password;
    @Option(names = "--hashed", description = "The supplied password is already hashed (not supported by Chorus)") boolean hashed;

    ChangePassword(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      if (hashed) {
        throw new CliException("--hashed is not supported by Chorus");
      }
      ChorusClient client = cli.client();
      User target = cli.lookups(client).user(user);
      client.changePassword(target.id(), current == null ? "" : current, password);
      cli.output().print(target, u -> "Password for user " + u.username() + " successfully changed");
      return 0;
    }
  }
}
