package chorus.client.cli;

import chorus.client.ApiCallException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bin/mmctl}: Mattermost's mmctl command names, flags, credentials file and exit codes
 * (0 success, 1 any error), talking to Chorus only through the REST API, so in a cluster the
 * node that takes a change tells the others. {@code --local} (mmctl's Unix socket) does not
 * exist here.
 */
@Command(name = "mmctl", mixinStandardHelpOptions = true, versionProvider = Mmctl.Version.class,
    description = "Remote client for Chorus (Mattermost API v4), mmctl-compatible",
    footer = {"", "Global flags (anywhere on the line):",
        "  --config PATH    credentials file (default $XDG_CONFIG_HOME/mmctl/config,",
        "                   else ~/.config/mmctl/config)",
        "  --json           print the results as JSON (also --format json)",
        "  --format FORMAT  plain (default) or json",
        "  --quiet          print nothing on success",
        "  --local          not supported by Chorus (no local socket): use auth login",
        "  --strict, --suppress-warnings, --disable-pager,",
        "  --insecure-sha1-intermediate, --insecure-tls-version: accepted, no effect",
        "", "Exit codes: 0 success, 1 error (as mmctl)."},
    subcommands = {AuthCommand.class, SystemCommand.class, ConfigCommand.class, UserCommand.class, TeamCommand.class,
        ChannelCommand.class, PostCommand.class, LdapCommand.class, JobCommand.class, TokenCommand.class})
public final class Mmctl {
  public static final int OK = 0;
  public static final int ERROR = 1;

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  /** Runs one command line; what {@code main} does, minus the exit, so tests run it in-process. */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    GlobalFlags flags;
    try {
      flags = GlobalFlags.parse(args);
    } catch (CliException e) {
      err.println("Error: " + e.getMessage());
      return ERROR;
    }
    if (flags.local()) {
      err.println("Error: --local is not supported by Chorus: there is no local socket; use auth login and the REST API");
      return ERROR;
    }
    Path credentials = flags.config() != null ? Path.of(flags.config()) : CredentialsFile.defaultPath(env);
    Cli cli = new Cli(credentials, flags.json(), flags.quiet() ? new PrintStream(PrintStream.nullOutputStream()) : out, err);
    CommandLine commandLine = new CommandLine(new Mmctl(), new Factory(cli));
    withHelp(commandLine);
    commandLine.setOut(new java.io.PrintWriter(out, true));
    commandLine.setErr(new java.io.PrintWriter(err, true));
    commandLine.setExecutionExceptionHandler((e, parsed, result) -> {
      err.println("Error: " + messageOf(e));
      return ERROR;
    });
    commandLine.setParameterExceptionHandler((e, arguments) -> {
      err.println("Error: " + e.getMessage());
      e.getCommandLine().usage(err);
      return ERROR;
    });
    int code = commandLine.execute(flags.rest().toArray(String[]::new));
    // What was printed before a failure is still shown, as mmctl flushes its printer either way.
    if (code == OK || !cli.output().isEmpty()) {
      try {
        cli.output().flush(cli.out());
      } catch (CliException e) {
        err.println("Error: " + e.getMessage());
        return ERROR;
      }
    }
    return code == OK ? OK : ERROR;
  }

  /** Every command answers {@code -h/--help}, as cobra's do. */
  private static void withHelp(CommandLine command) {
    command.getCommandSpec().mixinStandardHelpOptions(true);
    command.getSubcommands().values().forEach(Mmctl::withHelp);
  }

  private static String messageOf(Exception e) {
    if (e instanceof ApiCallException api) {
      return api.serverMessage();
    }
    if (e instanceof UncheckedIOException io) {
      return io.getMessage();
    }
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  /** mmctl's persistent flags, which may stand anywhere on the line; what is left goes to picocli. */
  record GlobalFlags(String config, boolean json, boolean quiet, boolean local, List<String> rest) {
    private static final List<String> ACCEPTED = List.of("--strict", "--suppress-warnings", "--disable-pager",
        "--insecure-sha1-intermediate", "--insecure-tls-version");

    static GlobalFlags parse(String[] args) {
      String config = null;
      boolean json = false;
      boolean quiet = false;
      boolean local = false;
      List<String> rest = new ArrayList<>();
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        if (arg.equals("--")) {
          rest.addAll(List.of(args).subList(i, args.length));
          break;
        } else if (arg.equals("--json")) {
          json = true;
        } else if (arg.equals("--quiet")) {
          quiet = true;
        } else if (arg.equals("--local")) {
          local = true;
        } else if (ACCEPTED.contains(arg)) {
          continue;
        } else if (arg.equals("--config") || arg.equals("--format")) {
          if (i + 1 >= args.length) {
            throw new CliException("flag needs an argument: " + arg);
          }
          String value = args[++i];
          if (arg.equals("--config")) {
            config = value;
          } else {
            json = format(value);
          }
        } else if (arg.startsWith("--config=")) {
          config = arg.substring("--config=".length());
        } else if (arg.startsWith("--format=")) {
          json = format(arg.substring("--format=".length()));
        } else {
          rest.add(arg);
        }
      }
      return new GlobalFlags(config, json, quiet, local, rest);
    }

    private static boolean format(String value) {
      return switch (value) {
        case "json" -> true;
        case "plain" -> false;
        default -> throw new CliException("invalid format \"" + value + "\": plain or json");
      };
    }
  }

  /** Commands take the shared {@link Cli} in their constructor; group commands have none. */
  private record Factory(Cli cli) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> type) throws Exception {
      try {
        Constructor<K> withCli = type.getDeclaredConstructor(Cli.class);
        return withCli.newInstance(cli);
      } catch (NoSuchMethodException noCli) {
        return CommandLine.defaultFactory().create(type);
      }
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Mmctl.class.getPackage().getImplementationVersion();
      return new String[] {"mmctl (Chorus) " + (version == null ? "development build" : version)};
    }
  }
}
