package chorus.protocol.api;

/** The body of an action that returns no data: {@code {"status":"OK"}}. */
public record StatusOk(String status) {
  public static final StatusOk OK = new StatusOk("OK");
}
