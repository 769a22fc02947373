package chorus.client.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mmctl ldap sync}: queue an LDAP synchronization job (Chorus runs it on a node with RunJobs). */
@Command(name = "ldap", description = "LDAP related utilities", subcommands = LdapCommand.Sync.class)
final class LdapCommand {

  @Command(name = "sync", description = "Synchronize now")
  static final class Sync implements Callable<Integer> {
    private final Cli cli;
    @Option(names = "--include-removed-members", description = "Not supported by Chorus (refused)") boolean includeRemoved;

    Sync(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      if (includeRemoved) {
        throw new CliException("--include-removed-members is not supported by Chorus");
      }
      cli.client().ldapSync();
      cli.output().single();
      cli.output().print(Map.of("status", "ok"), s -> "SUCCESS: LDAP sync started");
      return 0;
    }
  }
}
