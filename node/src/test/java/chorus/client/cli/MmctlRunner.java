package chorus.client.cli;

import chorus.client.ChorusClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs mmctl command lines in-process, as bin/mmctl would, against one credentials file. */
final class MmctlRunner {
  private final Path credentials;

  MmctlRunner(Path credentials) {
    this.credentials = credentials;
  }

  record Result(int code, String out, String err) {
    JsonNode json() {
      try {
        return ChorusClient.json().readTree(out);
      } catch (Exception e) {
        throw new AssertionError("not JSON (exit " + code + ", stderr " + err + "): " + out, e);
      }
    }

    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  Result run(String... args) {
    return runWithEnv(Map.of("HOME", "/nonexistent-home"), withConfig(args));
  }

  /** Without {@code --config}: the file is found from {@code env} as mmctl finds it. */
  static Result runWithEnv(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Mmctl.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private String[] withConfig(String... args) {
    List<String> all = new ArrayList<>(List.of("--config", credentials.toString()));
    all.addAll(List.of(args));
    return all.toArray(String[]::new);
  }
}
