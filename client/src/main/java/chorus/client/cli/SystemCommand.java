package chorus.client.cli;

import chorus.client.ServerPing;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code mmctl system}: the server's health and version, from {@code GET /system/ping}. */
@Command(name = "system", description = "System management",
    subcommands = {SystemCommand.Ping.class, SystemCommand.Status.class, SystemCommand.Version.class})
final class SystemCommand {

  /** Not in mmctl (its {@code status} does this with the full check): a plain liveness ping. */
  @Command(name = "ping", description = "Ping the server (Chorus addition); exit code 1 unless it answers OK")
  static final class Ping implements Callable<Integer> {
    private final Cli cli;

    Ping(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      ServerPing ping = cli.client().ping(false);
      cli.output().single();
      cli.output().print(ping.body(), body -> "Status: " + body.get("status"));
      return "OK".equals(ping.status()) ? 0 : 1;
    }
  }

  @Command(name = "status", description = "Prints the status of the server; exit code 1 if any check is not OK")
  static final class Status implements Callable<Integer> {
    private final Cli cli;

    Status(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      // With REST semantics a failed check answers 500 with the same body; read it either way.
      var response = cli.client().send("GET", "/system/ping?get_server_status=true&use_rest_semantics=true", null);
      Map<String, Object> body = readBody(response.body());
      cli.output().single();
      cli.output().print(body, b -> String.join("\n",
          "Server status: " + b.getOrDefault("status", "unknown"),
          "Android Latest Version: " + b.getOrDefault("AndroidLatestVersion", ""),
          "Android Minimum Version: " + b.getOrDefault("AndroidMinVersion", ""),
          "Desktop Latest Version: " + b.getOrDefault("DesktopLatestVersion", ""),
          "Desktop Minimum Version: " + b.getOrDefault("DesktopMinVersion", ""),
          "Ios Latest Version: " + b.getOrDefault("IosLatestVersion", ""),
          "Ios Minimum Version: " + b.getOrDefault("IosMinVersion", ""),
          "Database Status: " + b.getOrDefault("database_status", "unknown"),
          "Filestore Status: " + b.getOrDefault("filestore_status", "unknown")));
      boolean ok = "OK".equals(body.get("status")) && "OK".equals(body.get("database_status"))
          && "OK".equals(body.get("filestore_status"));
      return ok ? 0 : 1;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readBody(String text) {
      try {
        return chorus.client.ChorusClient.json().readValue(text, LinkedHashMap.class);
      } catch (Exception e) {
        throw new CliException("unexpected answer from the server: " + text);
      }
    }
  }

  @Command(name = "version", description = "Prints the remote server version")
  static final class Version implements Callable<Integer> {
    private final Cli cli;

    Version(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      ServerPing ping = cli.client().ping(false);
      cli.output().single();
      cli.output().print(Map.of("version", ping.serverVersion()), v -> "Server version " + v.get("version"));
      return 0;
    }
  }
}
