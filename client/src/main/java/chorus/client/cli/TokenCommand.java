package chorus.client.cli;

import chorus.client.ApiCallException;
import chorus.client.ChorusClient;
import chorus.protocol.api.UserAccessToken;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mmctl token}: personal access tokens, so scripts can call the API without a password
 * (the server must have ServiceSettings.EnableUserAccessTokens on). A user argument is a
 * username, an e-mail or an id.
 */
@Command(name = "token", description = "manage users' access tokens",
    subcommands = {TokenCommand.Generate.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
final class TokenCommand {

  @Command(name = "generate", description = "Generate token for a user")
  static final class Generate implements Callable<Integer> {
    private final Cli cli;
    @Parameters(index = "0", paramLabel = "user") String user;
    @Parameters(index = "1", paramLabel = "description") String description;

    Generate(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      ChorusClient client = cli.client();
      UserAccessToken token = client.createAccessToken(cli.lookups(client).user(user).id(), description);
      cli.output().single();
      cli.output().print(token, t -> t.token() + ": " + t.description());
      return 0;
    }
  }

  @Command(name = "list", description = "List users tokens")
  static final class ListTokens implements Callable<Integer> {
    private final Cli cli;
    @Parameters(index = "0", paramLabel = "user") String user;
    @Option(names = "--active", description = "List only active tokens") boolean active;
    @Option(names = "--inactive", description = "List only inactive tokens") boolean inactive;
    @Option(names = "--all", description = "Fetch all tokens. --page flag will be ignored if provided") boolean all;
    @Option(names = "--page", defaultValue = "0", description = "Page number to fetch for the list of users") int page;
    @Option(names = "--per-page", defaultValue = "200", description = "Number of users to be fetched") int perPage;

    ListTokens(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      if (active && inactive) {
        throw new CliException("you must specify only one option --active or --inactive");
      }
      ChorusClient client = cli.client();
      String userId = cli.lookups(client).user(user).id();
      for (int p = all ? 0 : page; ; p++) {
        List<UserAccessToken> tokens = client.accessTokensOf(userId, p, perPage);
        tokens.stream().filter(t -> !(active && !t.isActive()) && !(inactive && t.isActive()))
            .forEach(t -> cli.output().print(t, x -> x.id() + ": " + x.description()));
        if (!all || tokens.size() < perPage) {
          return 0;
        }
      }
    }
  }

  @Command(name = "revoke", description = "Revoke tokens for a user")
  static final class Revoke implements Callable<Integer> {
    private final Cli cli;
    @Parameters(arity = "1..*", paramLabel = "token-ids") List<String> tokenIds;

    Revoke(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      ChorusClient client = cli.client();
      boolean failed = false;
      for (String id : tokenIds) {
        try {
          client.revokeAccessToken(id);
        } catch (ApiCallException e) {
          cli.err().println("could not revoke token " + id + ": " + e.serverMessage());
          failed = true;
        }
      }
      return failed ? Mmctl.ERROR : Mmctl.OK;
    }
  }
}
