package chorus.node.config;

import chorus.protocol.config.ChorusConfig;
import chorus.protocol.config.ConfigDiff;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's configuration as it is now, and the one way it changes. Components that honour
 * changes read settings through {@link #current()} (never a copy kept from start-up) or
 * register a {@link Listener}; {@link #reload()} re-reads the same sources as start-up
 * (config file and {@code MM_*} environment, through the loader given here) and tells the
 * listeners. The API ({@code POST /api/v4/config/reload}, and {@code PUT /api/v4/config} after
 * writing the file), SIGHUP and the cluster-wide "config changed" and "config saved" messages all
 * call {@link #reload()}.
 *
 * <p>Listeners run in registration order on the reloading thread. A listener that throws
 * refuses the new configuration: the reload fails with that exception and {@link #current()}
 * stays as it was (listeners before it have seen the new configuration, so each listener must
 * leave its component usable either way: the data sources, for instance, keep the old pools
 * when the new primary cannot be reached). Reloads are serialised.
 */
public final class LiveConfig {
  private static final Logger log = LoggerFactory.getLogger(LiveConfig.class);

  /** Told of each reload that changed the configuration. */
  @FunctionalInterface
  public interface Listener {
    void configChanged(ChorusConfig previous, ChorusConfig current);
  }

  /**
   * What a reload did: {@code changed} is false when the sources said the same as before;
   * {@code changedSettings} names each setting that changed ({@code Section.Setting}) and
   * {@code restartNeeded} those of them this node applies only at start ({@link RestartSettings}).
   */
  public record Reloaded(ChorusConfig config, boolean changed, List<String> changedSettings, List<String> restartNeeded) {
    public Reloaded {
      changedSettings = List.copyOf(changedSettings);
      restartNeeded = List.copyOf(restartNeeded);
    }
  }

  private final Supplier<ChorusConfig> source;
  private final Optional<ConfigFile> file;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private volatile ChorusConfig current;

  private LiveConfig(Supplier<ChorusConfig> source, Optional<ConfigFile> file, ChorusConfig initial) {
    this.source = source;
    this.file = file;
    this.current = initial;
  }

  /**
   * Loads the configuration now from {@code source}, which {@link #reload()} calls again; it
   * must throw {@link chorus.protocol.config.ConfigException} for an invalid configuration.
   */
  public static LiveConfig load(Supplier<ChorusConfig> source) {
    Objects.requireNonNull(source, "source");
    return new LiveConfig(source, Optional.empty(), Objects.requireNonNull(source.get(), "the config source returned nothing"));
  }

  /** Loads the configuration now from {@code file} (and its environment); the config API may write that file. */
  public static LiveConfig load(ConfigFile file) {
    Supplier<ChorusConfig> source = () -> file.load().config();
    return new LiveConfig(source, Optional.of(file), source.get());
  }

  /** A configuration that no reload changes (a node started from a ready-made config). */
  public static LiveConfig fixed(ChorusConfig config) {
    return load(() -> config);
  }

  public ChorusConfig current() {
    return current;
  }

  /** The config file behind this configuration; empty for a node configured without one (environment only, or ready-made). */
  public Optional<ConfigFile> file() {
    return file;
  }

  public void addListener(Listener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Re-reads the sources and, if anything changed, tells the listeners and adopts the result. */
  public synchronized Reloaded reload() {
    ChorusConfig next = source.get();
    ChorusConfig previous = current;
    if (next.equals(previous)) {
      return new Reloaded(previous, false, List.of(), List.of());
    }
    for (Listener listener : listeners) {
      listener.configChanged(previous, next);
    }
    current = next;
    List<String> changed = ConfigDiff.changedSettings(previous, next);
    List<String> restartNeeded = RestartSettings.among(changed);
    if (restartNeeded.isEmpty()) {
      log.info("Configuration reloaded; changed: {}", String.join(", ", changed));
    } else {
      log.warn("Configuration reloaded; changed: {}. These take effect only when the node restarts: {}", String.join(", ", changed),
          String.join(", ", restartNeeded));
    }
    return new Reloaded(next, true, changed, restartNeeded);
  }
}
