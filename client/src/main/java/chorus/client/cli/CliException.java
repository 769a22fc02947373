package chorus.client.cli;

/** A failure the CLI reports as mmctl does: {@code Error: <message>} on stderr and exit code 1. */
final class CliException extends RuntimeException {
  CliException(String message) {
    super(message);
  }
}
