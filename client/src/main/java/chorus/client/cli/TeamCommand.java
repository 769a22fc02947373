package chorus.client.cli;

import chorus.client.ApiCallException;
import chorus.client.ChorusClient;
import chorus.protocol.api.CreateTeamRequest;
import chorus.protocol.api.Team;
import chorus.protocol.api.User;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mmctl team}: teams and their members. A team argument is a name or an id. */
@Command(name = "team", description = "Management of teams",
    subcommands = {TeamCommand.Create.class, TeamCommand.ListTeams.class, TeamCommand.Users.class})
final class TeamCommand {

  @Command(name = "create", description = "Create a team")
  static final class Create implements Callable<Integer> {
    private final Cli cli;
    @Option(names = "--name", required = true, description = "Team Name") String name;
    @Option(names = "--display-name", required = true, description = "Team Display Name") String displayName;
    @Option(names = "--private", description = "Create a private team.") boolean privateTeam;
    @Option(names = "--email", description = "Administrator Email (anyone with this email is automatically a team admin); "
        + "ignored by Chorus, where the creator is the team admin") String email;

    Create(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      // As mmctl: the type only; allow_open_invite stays unset (false), so joining needs a member or an invite.
      Team team = cli.client().createTeam(new CreateTeamRequest(name, displayName, privateTeam ? Team.INVITE : Team.OPEN, null,
          null, null));
      cli.output().print(team, t -> "New team " + t.name() + " successfully created");
      return 0;
    }
  }

  @Command(name = "list", description = "List all teams")
  static final class ListTeams implements Callable<Integer> {
    private final Cli cli;

    ListTeams(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      // Chorus lists live teams only (archiving a team is not built), so no "(archived)" lines follow.
      for (Team team : cli.client().allTeams()) {
        cli.output().print(team, Team::name);
      }
      return 0;
    }
  }

  @Command(name = "users", description = "Management of team users",
      subcommands = {TeamCommand.Add.class, TeamCommand.Remove.class})
  static final class Users {}

  /** Applies {@code change} to every user; reports each failure and answers 1 if any. */
  interface MemberChange {
    void apply(ChorusClient client, Team team, User user);
  }

  static int forEachUser(Cli cli, String teamArg, List<String> userArgs, String verb, MemberChange change) {
    ChorusClient client = cli.client();
    Lookups lookups = cli.lookups(client);
    Team team = lookups.team(teamArg);
    boolean failed = false;
    for (String arg : userArgs) {
      try {
        change.apply(client, team, lookups.user(arg));
      } catch (ApiCallException e) {
        cli.err().println("Unable to " + verb + " '" + arg + "' " + (verb.equals("add") ? "to " : "from ") + teamArg + ". Error: "
            + e.serverMessage());
        failed = true;
      } catch (CliException e) {
        cli.err().println("Can't find user '" + arg + "'");
        failed = true;
      }
    }
    return failed ? 1 : 0;
  }

  @Command(name = "add", description = "Adds some users to a team")
  static final class Add implements Callable<Integer> {
    private final Cli cli;
    @Parameters(index = "0", paramLabel = "team") String team;
    @Parameters(index = "1..*", arity = "1..*", paramLabel = "users") List<String> users;

    Add(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      return forEachUser(cli, team, users, "add", (client, t, u) -> client.addTeamMember(t.id(), u.id()));
    }
  }

  @Command(name = "remove", description = "Removes some users from a team")
  static final class Remove implements Callable<Integer> {
    private final Cli cli;
    @Parameters(index = "0", paramLabel = "team") String team;
    @Parameters(index = "1..*", arity = "1..*", paramLabel = "users") List<String> users;

    Remove(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      return forEachUser(cli, team, users, "remove", (client, t, u) -> client.removeTeamMember(t.id(), u.id()));
    }
  }
}
