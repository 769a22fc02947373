package chorus.client.cli;

import chorus.client.ChorusClient;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * What every command gets: the global flags' values, the credentials file, the printer, and
 * a client signed in with the current credentials.
 */
final class Cli {
  private final CredentialsFile credentials;
  private final Output output;
  private final PrintStream out;
  private final PrintStream err;

  Cli(Path credentialsPath, boolean json, PrintStream out, PrintStream err) {
    this.credentials = new CredentialsFile(credentialsPath);
    this.output = new Output(json);
    this.out = out;
    this.err = err;
  }

  CredentialsFile credentials() {
    return credentials;
  }

  Output output() {
    return output;
  }

  PrintStream out() {
    return out;
  }

  PrintStream err() {
    return err;
  }

  /** A client for the current connection (set by {@code auth login} or {@code auth set}). */
  ChorusClient client() {
    Credentials current = credentials.current().orElseThrow(() -> new CliException(
        "cannot read user credentials, maybe you need to use login first (" + credentials.path() + ")"));
    return ChorusClient.withToken(current.instanceUrl(), current.authToken());
  }

  Lookups lookups(ChorusClient client) {
    return new Lookups(client);
  }
}
