package chorus.persistence.pool;

import java.sql.SQLException;
import java.util.Optional;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Reads PostgreSQL's SQLSTATE out of whatever wraps it (jOOQ's DataAccessException,
 * CompletionException, ...), so callers and the retry rule decide by error class, never by
 * message text.
 */
final class SqlFailures {
  static final String UNIQUE_VIOLATION = "23505";
  static final String SERIALIZATION_FAILURE = "40001";
  static final String DEADLOCK_DETECTED = "40P01";

  private SqlFailures() {}

  /** The first SQLSTATE found walking the cause chain. */
  static Optional<String> sqlState(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        return Optional.of(sql.getSQLState());
      }
    }
    return Optional.empty();
  }

  /** The constraint PostgreSQL named in the error, e.g. {@code users_email_key}. */
  static Optional<String> constraint(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof PSQLException psql) {
        ServerErrorMessage message = psql.getServerErrorMessage();
        if (message != null && message.getConstraint() != null) {
          return Optional.of(message.getConstraint());
        }
      }
    }
    return Optional.empty();
  }

  static boolean isRetryable(Throwable failure) {
    return sqlState(failure).map(s -> s.equals(SERIALIZATION_FAILURE) || s.equals(DEADLOCK_DETECTED)).orElse(false);
  }
}
