package chorus.client.cli;

import chorus.client.ChorusClient;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * mmctl's printer: a command adds items; at the end they are written either as plain lines
 * or, with {@code --json}, as one JSON array of the items (a single object for the commands
 * that print one thing, such as {@code config get}), indented by two spaces.
 */
final class Output {
  static final DefaultPrettyPrinter MMCTL_STYLE = new GoStylePrinter();

  private final boolean json;
  private final List<Object> items = new ArrayList<>();
  private final List<String> lines = new ArrayList<>();
  private boolean single;

  Output(boolean json) {
    this.json = json;
  }

  boolean json() {
    return json;
  }

  /** Prints {@code item} as {@code plain.apply(item)} (nothing when that is null), or as JSON. */
  <T> void print(T item, Function<T, String> plain) {
    if (json) {
      items.add(item);
    } else {
      lines.add(plain.apply(item));
    }
  }

  /** The command prints one object: with {@code --json} it is not wrapped in an array. */
  void single() {
    single = true;
  }

  boolean isEmpty() {
    return items.isEmpty() && lines.isEmpty();
  }

  void flush(PrintStream out) {
    if (!json) {
      lines.stream().filter(java.util.Objects::nonNull).forEach(out::println);
      return;
    }
    if (single && items.isEmpty()) {
      return;
    }
    Object document = single && items.size() == 1 ? items.get(0) : items;
    try {
      out.println(ChorusClient.json().writer(MMCTL_STYLE).writeValueAsString(document));
    } catch (JsonProcessingException e) {
      throw new CliException("cannot print the result as JSON: " + e.getOriginalMessage());
    }
  }
}
