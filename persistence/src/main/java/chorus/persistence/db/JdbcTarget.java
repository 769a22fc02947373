package chorus.persistence.db;

import java.util.Objects;

/**
 * Where one data source lives, in the form JDBC wants: a URL without credentials plus the
 * user and password apart, so the URL can be logged and shown. {@link #toString()} never
 * prints the password.
 */
public record JdbcTarget(String jdbcUrl, String user, String password) {

  public JdbcTarget {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    user = user == null ? "" : user;
    password = password == null ? "" : password;
  }

  @Override
  public String toString() {
    return "JdbcTarget[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "****") + "]";
  }
}
