package chorus.node.http;

/**
 * A failed API call with its HTTP status and Mattermost error id. Services throw it (or
 * complete a stage with it); {@link ApiErrors} turns it into the error body.
 */
public final class ApiException extends RuntimeException {
  private final int status;
  private final String id;
  private final String detail;

  public ApiException(int status, String id, String message, String detail) {
    // An answer to the client, not a fault of ours: nothing logs where it was made, so no stack is
    // captured (every 4xx made one, a few microseconds each).
    super(message, null, false, false);
    this.status = status;
    this.id = id;
    this.detail = detail == null ? "" : detail;
  }

  public ApiException(int status, String id, String message) {
    this(status, id, message, "");
  }

  public int status() {
    return status;
  }

  public String id() {
    return id;
  }

  public String detail() {
    return detail;
  }

  public static ApiException badRequest(String id, String message) {
    return new ApiException(400, id, message);
  }

  public static ApiException invalidBody(String detail) {
    return new ApiException(400, "api.context.invalid_body_param.app_error", "Invalid or missing body in request.", detail);
  }

  public static ApiException invalidUrlParam(String name) {
    return new ApiException(400, "api.context.invalid_url_param.app_error", "Invalid or missing " + name + " parameter in request URL.");
  }

  public static ApiException invalidParam(String name) {
    return new ApiException(400, "api.context.invalid_param.app_error", "Invalid " + name + " parameter.");
  }

  public static ApiException sessionExpired() {
    return new ApiException(401, "api.context.session_expired.app_error", "Invalid or expired session, please login again.");
  }

  public static ApiException forbidden() {
    return new ApiException(403, "api.context.permissions.app_error", "You do not have the appropriate permissions.");
  }

  public static ApiException notFound(String id, String message) {
    return new ApiException(404, id, message);
  }

  public static ApiException unavailable(String detail) {
    return new ApiException(503, "api.context.unavailable.app_error", "The server is temporarily unable to handle the request.", detail);
  }
}
