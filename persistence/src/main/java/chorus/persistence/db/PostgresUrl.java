package chorus.persistence.db;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Turns a Mattermost {@code SqlSettings.DataSource} into JDBC settings. Operators copy their
 * Mattermost value, {@code postgres://user:pass@host:5432/db?sslmode=disable&connect_timeout=10}
 * (lib/pq's URL form, also {@code postgresql://}), or give a {@code jdbc:postgresql:} URL,
 * which passes through with only its credentials taken out.
 *
 * <p>lib/pq parameters are renamed to their pgjdbc equivalents, parameters that only mean
 * something to lib/pq are dropped, and any other parameter is handed to the driver as is.
 * Error messages never repeat the input, because it holds a password.
 */
public final class PostgresUrl {
  private static final int DEFAULT_PORT = 5432;
  private static final Set<String> SSL_MODES =
      Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");
  /** lib/pq-only switches with no pgjdbc counterpart; harmless to drop. */
  private static final Set<String> LIBPQ_ONLY = Set.of("binary_parameters", "disable_prepared_binary_result");

  private PostgresUrl() {}

  /** Parses a data source string; throws {@link IllegalArgumentException} naming what is wrong. */
  public static JdbcTarget parse(String dataSource) {
    if (dataSource == null || dataSource.isBlank()) {
      throw new IllegalArgumentException("the data source is empty");
    }
    String value = dataSource.trim();
    String lower = value.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:postgresql:")) {
      return fromJdbc(value);
    }
    if (lower.startsWith("postgres://")) {
      return fromLibPq(value.substring("postgres://".length()));
    }
    if (lower.startsWith("postgresql://")) {
      return fromLibPq(value.substring("postgresql://".length()));
    }
    throw new IllegalArgumentException("unsupported data source" + schemeHint(value)
        + ": expected postgres://user:password@host:port/database?... or jdbc:postgresql://...");
  }

  private static JdbcTarget fromJdbc(String url) {
    int question = url.indexOf('?');
    if (question < 0) {
      return new JdbcTarget(url, "", "");
    }
    Map<String, String> params = queryParams(url.substring(question + 1));
    String user = params.remove("user");
    String password = params.remove("password");
    return new JdbcTarget(url.substring(0, question) + query(params), user, password);
  }

  private static JdbcTarget fromLibPq(String rest) {
    int question = rest.indexOf('?');
    String beforeQuery = question < 0 ? rest : rest.substring(0, question);
    Map<String, String> params = question < 0 ? new LinkedHashMap<>() : queryParams(rest.substring(question + 1));
    if (beforeQuery.indexOf('#') >= 0) {
      throw new IllegalArgumentException("the data source contains '#'; percent-encode it as %23");
    }
    int slash = beforeQuery.indexOf('/');
    String authority = slash < 0 ? beforeQuery : beforeQuery.substring(0, slash);
    String database = slash < 0 ? "" : percentDecode(beforeQuery.substring(slash + 1), "database name");
    if (database.isEmpty()) {
      throw new IllegalArgumentException("the data source names no database (expected .../database)");
    }
    if (database.contains("/")) {
      throw new IllegalArgumentException("the data source's database name contains '/'");
    }

    String user = params.remove("user");
    String password = params.remove("password");
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      String userInfo = authority.substring(0, at);
      int colon = userInfo.indexOf(':');
      user = percentDecode(colon < 0 ? userInfo : userInfo.substring(0, colon), "user name");
      password = colon < 0 ? "" : percentDecode(userInfo.substring(colon + 1), "password");
      authority = authority.substring(at + 1);
    }
    String hostPort = hostAndPort(authority);

    Map<String, String> jdbcParams = new LinkedHashMap<>();
    params.forEach((key, value) -> translate(key, value, jdbcParams));
    String url = "jdbc:postgresql://" + hostPort + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8)
        + query(jdbcParams);
    return new JdbcTarget(url, user, password);
  }

  private static void translate(String key, String value, Map<String, String> out) {
    switch (key) {
      case "sslmode" -> {
        if (!SSL_MODES.contains(value)) {
          throw new IllegalArgumentException("sslmode must be one of " + SSL_MODES + ", got '" + value + "'");
        }
        out.put("sslmode", value);
      }
      case "connect_timeout" -> out.put("connectTimeout", Integer.toString(nonNegative(key, value)));
      case "application_name" -> out.put("ApplicationName", value);
      case "fallback_application_name" -> out.putIfAbsent("ApplicationName", value);
      default -> {
        if (!LIBPQ_ONLY.contains(key)) {
          out.put(key, value);
        }
      }
    }
  }

  /** Validates {@code host[:port]} or {@code [ipv6][:port]} and fills in lib/pq's defaults. */
  private static String hostAndPort(String authority) {
    String host;
    String port;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("the data source's IPv6 host has no closing ']'");
      }
      host = authority.substring(0, close + 1);
      String after = authority.substring(close + 1);
      if (!after.isEmpty() && !after.startsWith(":")) {
        throw new IllegalArgumentException("unexpected text after the data source's IPv6 host");
      }
      port = after.isEmpty() ? "" : after.substring(1);
    } else {
      int colon = authority.indexOf(':');
      host = colon < 0 ? authority : authority.substring(0, colon);
      port = colon < 0 ? "" : authority.substring(colon + 1);
      if (port.contains(":")) {
        throw new IllegalArgumentException("the data source's host has more than one ':'; put IPv6 addresses in [brackets]");
      }
    }
    if (host.isEmpty()) {
      host = "localhost";
    }
    int portNumber = port.isEmpty() ? DEFAULT_PORT : portNumber(port);
    return host + ":" + portNumber;
  }

  private static int portNumber(String port) {
    try {
      int value = Integer.parseInt(port);
      if (value >= 1 && value <= 65535) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below with the same message as an out-of-range number
    }
    throw new IllegalArgumentException("the data source's port must be a number from 1 to 65535, got '" + port + "'");
  }

  private static int nonNegative(String key, String value) {
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(key + " must be a whole number of seconds, got '" + value + "'");
  }

  private static Map<String, String> queryParams(String query) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = decodeQuery(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decodeQuery(pair.substring(eq + 1));
      params.put(key, value);
    }
    return params;
  }

  private static String query(Map<String, String> params) {
    if (params.isEmpty()) {
      return "";
    }
    StringJoiner joined = new StringJoiner("&", "?", "");
    params.forEach((key, value) -> joined.add(URLEncoder.encode(key, StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(value, StandardCharsets.UTF_8)));
    return joined.toString();
  }

  private static String decodeQuery(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the data source has a malformed %-escape in its parameters");
    }
  }

  /** RFC 3986 decoding: unlike form decoding, '+' stays '+', which matters in passwords. */
  private static String percentDecode(String text, String what) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] != '%') {
        out.write(bytes[i]);
        continue;
      }
      int high = i + 2 < bytes.length ? Character.digit(bytes[i + 1], 16) : -1;
      int low = i + 2 < bytes.length ? Character.digit(bytes[i + 2], 16) : -1;
      if (high < 0 || low < 0) {
        throw new IllegalArgumentException("the data source's " + what + " has a malformed %-escape");
      }
      out.write(high * 16 + low);
      i += 2;
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The scheme, if it looks like one, so the message helps without echoing credentials. */
  private static String schemeHint(String value) {
    int colon = value.indexOf(':');
    if (colon > 0 && colon <= 20 && value.substring(0, colon).chars().allMatch(Character::isLetterOrDigit)) {
      return " scheme '" + value.substring(0, colon) + "'";
    }
    return "";
  }
}
