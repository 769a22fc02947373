package chorus.node.config;

import chorus.protocol.config.ConfigJson;
import chorus.protocol.config.ConfigLoader;
import chorus.protocol.config.LoadedConfig;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A node's configuration sources when it has a config file: the file and the {@code MM_*}
 * environment, which wins over it. Loading reads both (start-up, reload); writing replaces
 * the file atomically ({@link AtomicFileWrite}) and never touches the environment, so a
 * setting the environment overrides keeps overriding after a save, as in Mattermost.
 */
public final class ConfigFile {
  private final Path path;
  private final Supplier<Map<String, String>> environment;

  /** @param environment read again on every load, so a test can change it between reloads */
  public ConfigFile(Path path, Supplier<Map<String, String>> environment) {
    this.path = Objects.requireNonNull(path, "path");
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  public Path path() {
    return path;
  }

  /** The configuration the file and the environment give now; throws {@code ConfigException} if invalid. */
  public LoadedConfig load() {
    return ConfigLoader.loadDetailed(Optional.of(path), environment.get());
  }

  /** The file's content as a JSON tree. */
  public ObjectNode content() {
    return ConfigLoader.readFile(path);
  }

  /** The configuration {@code content} would give with this node's environment, checked as start-up checks it. */
  public LoadedConfig check(ObjectNode content) {
    return ConfigLoader.loadDetailed(content, environment.get());
  }

  /** Replaces the file with {@code content}, indented as Mattermost writes config.json. */
  public void write(ObjectNode content) {
    try {
      AtomicFileWrite.write(path, ConfigJson.newMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(content));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the config file", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
    }
  }
}
