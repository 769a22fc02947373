package chorus.client.cli;

import chorus.client.ApiCallException;
import chorus.client.ChorusClient;
import chorus.protocol.api.Channel;
import chorus.protocol.api.CreateChannelRequest;
import chorus.protocol.api.Team;
import chorus.protocol.api.User;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mmctl channel}: channels and their members. A channel argument is {@code team:channel} or an id. */
@Command(name = "channel", description = "Management of channels",
    subcommands = {ChannelCommand.Create.class, ChannelCommand.ListChannels.class, ChannelCommand.Archive.class,
        ChannelCommand.Users.class, ChannelCommand.Add.class, ChannelCommand.Remove.class})
final class ChannelCommand {

  @Command(name = "create", description = "Create a channel")
  static final class Create implements Callable<Integer> {
    private final Cli cli;
    @Option(names = "--team", required = true, description = "Team name or ID") String team;
    @Option(names = "--name", required = true, description = "Channel Name") String name;
    @Option(names = "--display-name", required = true, description = "Channel Display Name") String displayName;
    @Option(names = "--private", description = "Create a private channel.") boolean privateChannel;
    @Option(names = "--purpose", description = "Channel purpose") String purpose;
    @Option(names = "--header", description = "Channel header") String header;

    Create(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      ChorusClient client = cli.client();
      Team t = cli.lookups(client).team(team);
      Channel channel = client.createChannel(new CreateChannelRequest(t.id(), name, displayName,
          privateChannel ? Channel.PRIVATE : Channel.OPEN, purpose, header));
      cli.output().print(channel, c -> "New channel " + c.name() + " successfully created");
      return 0;
    }
  }

  @Command(name = "list", description = "List the signed-in user's channels of the teams, archived and private ones marked")
  static final class ListChannels implements Callable<Integer> {
    private final Cli cli;
    @Parameters(arity = "1..*", paramLabel = "teams") List<String> teams;

    ListChannels(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      ChorusClient client = cli.client();
      Lookups lookups = cli.lookups(client);
      for (String arg : teams) {
        Team team = lookups.team(arg);
        for (Channel channel : client.channelsOf("me", team.id(), true)) {
          if (channel.type().equals(Channel.OPEN) || channel.type().equals(Channel.PRIVATE)) {
            cli.output().print(channel, c -> c.name() + (c.deleteAt() > 0 ? " (archived)" : "")
                + (c.type().equals(Channel.PRIVATE) ? " (private)" : ""));
          }
        }
      }
      return 0;
    }
  }

  @Command(name = "archive", description = "Archive some channels")
  static final class Archive implements Callable<Integer> {
    private final Cli cli;
    @Parameters(arity = "1..*", paramLabel = "channels") List<String> channels;

    Archive(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      ChorusClient client = cli.client();
      Lookups lookups = cli.lookups(client);
      boolean failed = false;
      for (String arg : channels) {
        try {
          client.archiveChannel(lookups.channel(arg).id());
        } catch (ApiCallException e) {
          cli.err().println("Unable to archive channel '" + arg + "' error: " + e.serverMessage());
          failed = true;
        } catch (CliException e) {
          cli.err().println(e.getMessage());
          failed = true;
        }
      }
      return failed ? 1 : 0;
    }
  }

  interface MemberChange {
    void apply(ChorusClient client, Channel channel, User user);
  }

  static int forEachUser(Cli cli, String channelArg, List<String> userArgs, String verb, MemberChange change) {
    ChorusClient client = cli.client();
    Lookups lookups = cli.lookups(client);
    Channel channel = lookups.channel(channelArg);
    boolean failed = false;
    for (String arg : userArgs) {
      try {
        change.apply(client, channel, lookups.user(arg));
      } catch (ApiCallException e) {
        cli.err().println("unable to " + verb + " '" + arg + "' " + (verb.equals("add") ? "to " : "from ") + channelArg + ". Error: "
            + e.serverMessage());
        failed = true;
      } catch (CliException e) {
        cli.err().println("Can't find user '" + arg + "'");
        failed = true;
      }
    }
    return failed ? 1 : 0;
  }

  @Command(name = "users", description = "Management of channel users",
      subcommands = {ChannelCommand.Add.class, ChannelCommand.Remove.class})
  static final class Users {}

  /** {@code channel users add}, also reachable as mmctl's older {@code channel add}. */
  @Command(name = "add", description = "Add users to a channel")
  static final class Add implements Callable<Integer> {
    private final Cli cli;
    @Parameters(index = "0", paramLabel = "channel") String channel;
    @Parameters(index = "1..*", arity = "1..*", paramLabel = "users") List<String> users;

    Add(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      return forEachUser(cli, channel, users, "add", (client, c, u) -> client.addChannelMember(c.id(), u.id()));
    }
  }

  @Command(name = "remove", description = "Remove users from a channel")
  static final class Remove implements Callable<Integer> {
    private final Cli cli;
    @Parameters(index = "0", paramLabel = "channel") String channel;
    @Parameters(index = "1..*", arity = "1..*", paramLabel = "users") List<String> users;

    Remove(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      return forEachUser(cli, channel, users, "remove", (client, c, u) -> client.removeChannelMember(c.id(), u.id()));
    }
  }
}
