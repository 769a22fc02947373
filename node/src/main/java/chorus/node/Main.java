package chorus.node;

import chorus.node.config.ConfigFile;
import chorus.node.config.LiveConfig;
import chorus.protocol.config.ConfigException;
import chorus.protocol.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code chorus} command line. */
@Command(name = "chorus", mixinStandardHelpOptions = true, subcommands = {Main.Run.class, LocalCluster.class},
    description = "Chorus: a Mattermost-compatible chat server for high-availability clusters.")
public final class Main {
  public static void main(String[] args) {
    CommonPool.ensureParallel();
    // jOOQ prints a banner and tips on first use unless told not to.
    System.setProperty("org.jooq.no-logo", "true");
    System.setProperty("org.jooq.no-tips", "true");
    System.exit(new CommandLine(new Main()).execute(args));
  }

  /** Runs a node in the foreground until SIGTERM or Ctrl-C. */
  @Command(name = "run", mixinStandardHelpOptions = true, description = "Run a Chorus node in the foreground.")
  static final class Run implements Callable<Integer> {
    @Option(names = "--data-dir", description = "Embedded database and local files (env CHORUS_DATA_DIR, default ./data).")
    Path dataDir;

    @Option(names = "--config", description = "Mattermost-style config.json (env MM_CONFIG, default config/config.json if present).")
    Path config;

    @Override
    public Integer call() throws Exception {
      Path data = Optional.ofNullable(dataDir).or(() -> env("CHORUS_DATA_DIR").map(Path::of)).orElse(Path.of("data"));
      Optional<Path> configFile = Optional.ofNullable(config).or(() -> env("MM_CONFIG").map(Path::of))
          .or(() -> Optional.of(Path.of("config", "config.json")).filter(Files::isRegularFile));
      LiveConfig settings;
      try {
        // Reloads (SIGHUP, the API) re-read the same file and the same environment; the config API writes that file.
        settings = configFile.isPresent()
            ? LiveConfig.load(new ConfigFile(configFile.get(), System::getenv))
            : LiveConfig.load(() -> ConfigLoader.load(Optional.empty()));
      } catch (ConfigException e) {
        System.err.println("Invalid configuration: " + e.getMessage());
        return 2;
      }
      LogSetup.apply(settings.current().logSettings(), data);
      settings.addListener((previous, current) -> {
        if (!previous.logSettings().equals(current.logSettings())) {
          LogSetup.apply(current.logSettings(), data);
        }
      });
      ChorusNode node;
      try {
        node = ChorusNode.start(settings, data);
      } catch (IllegalStateException refused) {
        // A setting this build cannot honour: say which, without a stack trace.
        System.err.println("Cannot start: " + refused.getMessage());
        return 1;
      }
      ReloadOnHangup.install(node);
      CountDownLatch stopped = new CountDownLatch(1);
      AtomicBoolean shuttingDown = new AtomicBoolean();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        shuttingDown.set(true);
        node.close();
        stopped.countDown();
      }, "chorus-shutdown"));
      // The actor system stops on its own when the cluster removes this node (the split-brain
      // resolver downed it): exit with an error so that the supervisor (systemd) starts a
      // fresh process, which rejoins through discovery with no manual step.
      node.system().getWhenTerminated().thenRun(() -> {
        if (!shuttingDown.get()) {
          System.err.println("Removed from the cluster; exiting so that a restart can rejoin");
          System.exit(3);
        }
      });
      stopped.await();
      return 0;
    }

    private static Optional<String> env(String name) {
      return Optional.ofNullable(System.getenv(name)).filter(v -> !v.isBlank());
    }
  }
}
