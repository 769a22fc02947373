package chorus.protocol.config;

/**
 * A {@code [host]:port} listen address in Mattermost's (Go's {@code net.Listen}) form:
 * {@code ":8065"} binds all interfaces, {@code "127.0.0.1:8065"} one, and an IPv6 host is
 * bracketed, {@code "[::1]:8065"}. Port 0 asks the OS for a free port, which tests use to
 * start several nodes on one host.
 *
 * @param host the host or IP literal without brackets; empty means all interfaces
 * @param port 0-65535
 */
public record ListenAddress(String host, int port) {
  public static final int MAX_PORT = 65_535;

  public ListenAddress {
    if (host == null) {
      throw new IllegalArgumentException("host must not be null; use \"\" for all interfaces");
    }
    if (port < 0 || port > MAX_PORT) {
      throw new IllegalArgumentException("port " + port + " is not in 0-" + MAX_PORT);
    }
  }

  /**
   * @throws IllegalArgumentException with a message fit to follow the setting's name
   */
  public static ListenAddress parse(String text) {
    int colon = text == null ? -1 : text.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("\"" + text + "\" is not [host]:port, e.g. \":8065\" or \"127.0.0.1:8065\"");
    }
    return new ListenAddress(parseHost(text, text.substring(0, colon)), parsePort(text, text.substring(colon + 1)));
  }

  public boolean allInterfaces() {
    return host.isEmpty();
  }

  /** The address in the form {@link #parse} reads. */
  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  private static String parseHost(String text, String host) {
    if (host.startsWith("[") && host.endsWith("]")) {
      return host.substring(1, host.length() - 1);
    }
    if (host.contains(":") || host.contains("[") || host.contains("]")) {
      throw new IllegalArgumentException("\"" + text + "\": an IPv6 host must be in brackets, e.g. \"[::1]:8065\"");
    }
    if (host.chars().anyMatch(c -> Character.isWhitespace(c) || c == '/')) {
      throw new IllegalArgumentException("\"" + text + "\": \"" + host + "\" is not a host name or IP address");
    }
    return host;
  }

  private static int parsePort(String text, String port) {
    // Digits only: Integer.parseInt would accept "+80", which no listener means.
    if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException("\"" + text + "\": port \"" + port + "\" is not a number in 0-" + MAX_PORT);
    }
    int value = Integer.parseInt(port);
    if (value > MAX_PORT) {
      throw new IllegalArgumentException("\"" + text + "\": port " + value + " is not in 0-" + MAX_PORT);
    }
    return value;
  }
}
