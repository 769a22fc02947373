package chorus.client;

import chorus.protocol.api.AppError;

/**
 * A call the server refused, carrying Mattermost's error body ({@code id}, {@code message},
 * {@code status_code}) so a caller can tell a wrong password from a missing permission.
 * A server that answered something other than an error body still yields one, with the
 * HTTP status and the start of the body as the message.
 */
public final class ApiCallException extends RuntimeException {
  private final AppError error;

  public ApiCallException(AppError error) {
    super(error.message() + " (" + error.id() + ", status " + error.statusCode() + ")");
    this.error = error;
  }

  public AppError error() {
    return error;
  }

  public String id() {
    return error.id();
  }

  /** Mattermost's human-readable message, as mmctl prints it. */
  public String serverMessage() {
    return error.message();
  }

  public int status() {
    return error.statusCode();
  }
}
