package chorus.client.cli;

import chorus.client.ChorusClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code mmctl config}: read and change the server's config.json through the config API, so
 * the node that receives the change tells every other node.
 */
@Command(name = "config", description = "Configuration",
    subcommands = {ConfigCommand.Get.class, ConfigCommand.Show.class, ConfigCommand.Set.class, ConfigCommand.Patch.class,
        ConfigCommand.Reload.class})
final class ConfigCommand {

  /** The node at {@code Section.Setting...}, or an error naming the path as mmctl does. */
  static JsonNode at(JsonNode config, String path) {
    JsonNode node = config;
    for (String part : path.split("\\.")) {
      node = node.get(part);
      if (node == null) {
        throw new CliException("invalid key");
      }
    }
    return node;
  }

  @Command(name = "get", description = "Gets the value of a config setting by its name in dot notation")
  static final class Get implements Callable<Integer> {
    private final Cli cli;
    @Parameters(index = "0", paramLabel = "name") String name;

    Get(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() throws IOException {
      JsonNode value = at(cli.client().getConfig(), name);
      // mmctl prints the value as JSON in both formats.
      cli.output().single();
      cli.output().print(value, ConfigCommand::pretty);
      return 0;
    }
  }

  @Command(name = "show", description = "Print the server configuration and writes to STDOUT in JSON format")
  static final class Show implements Callable<Integer> {
    private final Cli cli;

    Show(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      cli.output().single();
      cli.output().print(cli.client().getConfig(), ConfigCommand::pretty);
      return 0;
    }
  }

  @Command(name = "set", description = "Sets the value of a config setting by its name in dot notation. "
      + "Accepts multiple values for array settings")
  static final class Set implements Callable<Integer> {
    private final Cli cli;
    @Parameters(index = "0", paramLabel = "name") String name;
    @Parameters(index = "1..*", arity = "1..*", paramLabel = "value") List<String> values;

    Set(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      ChorusClient client = cli.client();
      JsonNode current = at(client.getConfig(), name);
      String[] parts = name.split("\\.");
      ObjectNode patch = JsonNodeFactory.instance.objectNode();
      ObjectNode section = patch;
      for (int i = 0; i < parts.length - 1; i++) {
        section = section.putObject(parts[i]);
      }
      section.set(parts[parts.length - 1], typed(current, values, name));
      JsonNode updated = client.patchConfig(patch);
      cli.output().single();
      cli.output().print(updated, ConfigCommand::pretty);
      return 0;
    }

    /** The new value in the type of the current one, as mmctl converts it. */
    private static JsonNode typed(JsonNode current, List<String> values, String name) {
      JsonNodeFactory f = JsonNodeFactory.instance;
      if (current.isArray()) {
        ArrayNode array = f.arrayNode();
        values.forEach(array::add);
        return array;
      }
      if (values.size() != 1) {
        throw new CliException("the setting " + name + " takes one value");
      }
      String value = values.get(0);
      if (current.isBoolean()) {
        if (!value.equals("true") && !value.equals("false")) {
          throw new CliException("the value of " + name + " must be true or false");
        }
        return f.booleanNode(Boolean.parseBoolean(value));
      }
      if (current.isIntegralNumber()) {
        try {
          return f.numberNode(Long.parseLong(value));
        } catch (NumberFormatException e) {
          throw new CliException("the value of " + name + " must be a whole number");
        }
      }
      if (current.isNumber()) {
        try {
          return f.numberNode(Double.parseDouble(value));
        } catch (NumberFormatException e) {
          throw new CliException("the value of " + name + " must be a number");
        }
      }
      if (current.isObject()) {
        throw new CliException(name + " is a section, not a setting");
      }
      return f.textNode(value);
    }
  }

  @Command(name = "patch", description = "Patches the config with the settings of a JSON file")
  static final class Patch implements Callable<Integer> {
    private final Cli cli;
    @Parameters(index = "0", paramLabel = "config-file") Path file;

    Patch(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      JsonNode patch;
      try {
        patch = ChorusClient.json().readTree(file.toFile());
      } catch (IOException e) {
        throw new CliException("unable to read the config file " + file + ": " + e.getMessage());
      }
      if (patch == null || !patch.isObject()) {
        throw new CliException("the config file " + file + " must hold a JSON object");
      }
      JsonNode updated = cli.client().patchConfig(patch);
      cli.output().single();
      cli.output().print(updated, ConfigCommand::pretty);
      return 0;
    }
  }

  @Command(name = "reload", description = "Reloads the server configuration from disk (in a cluster, every node)")
  static final class Reload implements Callable<Integer> {
    private final Cli cli;

    Reload(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      cli.client().reloadConfig();
      return 0;
    }
  }

  static String pretty(JsonNode node) {
    try {
      return ChorusClient.json().writer(Output.MMCTL_STYLE).writeValueAsString(node);
    } catch (IOException e) {
      throw new CliException(e.getMessage());
    }
  }
}
