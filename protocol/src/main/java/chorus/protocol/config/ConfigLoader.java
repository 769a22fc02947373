package chorus.protocol.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns an operator's {@code config.json} and {@code MM_*} environment into one validated
 * {@link ChorusConfig}, in Mattermost's order of precedence: defaults, then the file, then
 * the environment. The steps are separate files: {@link ConfigFiles} parses,
 * {@link FileOverlay} and {@link EnvironmentOverrides} lay values over the defaults'
 * {@link ConfigTree}, Jackson binds the records, {@link ConfigValidator} checks them.
 *
 * <p>The environment is a parameter rather than read here, so tests (and several nodes in
 * one JVM) can each have their own; only the overloads without it, for {@code main}, read
 * the process environment. Reloading on SIGHUP is calling this again.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  /**
   * @param configFile the config file; empty means defaults and environment only
   * @throws ConfigException naming the file position, variable or setting at fault
   */
  public static ChorusConfig load(Optional<Path> configFile, Map<String, String> environment) {
    return loadDetailed(configFile, environment).config();
  }

  /** {@link #load(Optional, Map)} with the process environment, for {@code main}. */
  public static ChorusConfig load(Optional<Path> configFile) {
    return load(configFile, System.getenv());
  }

  /** {@link #loadDetailed(Optional, Map)} with the process environment, for {@code main}. */
  public static LoadedConfig loadDetailed(Optional<Path> configFile) {
    return loadDetailed(configFile, System.getenv());
  }

  /** Like {@link #load(Optional, Map)}, also reporting what was ignored and what the environment set. */
  public static LoadedConfig loadDetailed(Optional<Path> configFile, Map<String, String> environment) {
    ObjectMapper mapper = ConfigJson.newMapper();
    return fromTree(configFile.map(file -> ConfigFiles.read(file, mapper)), environment, mapper);
  }

  /**
   * As {@link #loadDetailed(Optional, Map)}, from a config file's content already parsed:
   * how a change made through the API is checked before it is written.
   */
  public static LoadedConfig loadDetailed(ObjectNode fileContent, Map<String, String> environment) {
    return fromTree(Optional.of(fileContent), environment, ConfigJson.newMapper());
  }

  /** Reads {@code file} as a JSON tree (a config file's content), with the same errors as loading it. */
  public static ObjectNode readFile(Path file) {
    return ConfigFiles.read(file, ConfigJson.newMapper());
  }

  private static LoadedConfig fromTree(Optional<ObjectNode> fileContent, Map<String, String> environment, ObjectMapper mapper) {
    ConfigTree tree = ConfigTree.ofDefaults(mapper);
    List<String> ignoredKeys = fileContent
        .map(file -> FileOverlay.apply(tree, file))
        .orElse(List.of());
    EnvironmentOverrides.Result environmentResult = EnvironmentOverrides.apply(tree, environment);
    ChorusConfig config = bind(tree, mapper);
    ConfigValidator.validate(config);
    return new LoadedConfig(config, ignoredKeys, environmentResult.ignored(), environmentResult.overridden());
  }

  /** The tree holds only known keys with checked types and ranges, so a failure here is a Chorus bug; still name the setting. */
  private static ChorusConfig bind(ConfigTree tree, ObjectMapper mapper) {
    try {
      return mapper.treeToValue(tree.json(), ChorusConfig.class);
    } catch (JsonMappingException e) {
      throw new ConfigException(path(e) + ": " + e.getOriginalMessage(), e);
    } catch (JsonProcessingException e) {
      throw new ConfigException("cannot bind config: " + e.getOriginalMessage(), e);
    }
  }

  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(reference -> reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]")
        .collect(Collectors.joining(".")).replace(".[", "[");
  }
}
