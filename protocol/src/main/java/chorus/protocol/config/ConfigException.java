package chorus.protocol.config;

import java.util.List;

/**
 * An operator's configuration is unusable: malformed JSON, a value of the wrong type, an
 * environment variable that does not parse, or a setting that fails validation. Startup
 * stops with this message, so every problem names the setting (or variable, or file
 * position) the operator has to fix; several problems are reported together rather than
 * one per restart.
 */
public final class ConfigException extends RuntimeException {
  private final List<String> problems;

  public ConfigException(String problem) {
    this(List.of(problem), null);
  }

  public ConfigException(String problem, Throwable cause) {
    this(List.of(problem), cause);
  }

  public ConfigException(List<String> problems) {
    this(problems, null);
  }

  private ConfigException(List<String> problems, Throwable cause) {
    super(String.join("\n", problems), cause);
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  /** Each problem on its own, e.g. {@code "ServiceSettings.ListenAddress: port 70000 is not in 0-65535"}. */
  public List<String> problems() {
    return problems;
  }
}
