package chorus.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** mmctl's printer rules: plain lines, or JSON laid out as Go's MarshalIndent lays it out. */
class OutputTest {

  private static String flushed(Output output) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    output.flush(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void jsonItemsAreAnArrayInGoLayout() {
    Output output = new Output(true);
    output.print(Map.of("name", "a", "tags", List.of()), x -> "ignored");
    output.print(Map.of("name", "b", "props", Map.of()), x -> "ignored");
    String text = flushed(output);
    assertThat(text).startsWith("[\n  {\n    \"").endsWith("  }\n]\n");
    assertThat(text).contains("\"tags\": []", "\"props\": {}", "\"name\": \"a\"");
  }

  @Test
  void aSingleCommandPrintsOneObjectAndNothingWhenEmpty() {
    Output one = new Output(true);
    one.single();
    one.print(Map.of("version", "1"), x -> "ignored");
    assertThat(flushed(one)).isEqualTo("{\n  \"version\": \"1\"\n}\n");

    Output none = new Output(true);
    none.single();
    assertThat(flushed(none)).isEmpty();
    assertThat(flushed(new Output(true))).isEqualTo("[]\n");
  }

  @Test
  void plainPrintsOneLineEachAndSkipsNothingLines() {
    Output output = new Output(false);
    output.print("x", x -> "first " + x);
    output.print("y", x -> null);
    output.print("z", x -> "third " + x);
    assertThat(flushed(output)).isEqualTo("first x\nthird z\n");
  }
}
