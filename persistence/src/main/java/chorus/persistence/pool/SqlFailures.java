package chorus.persistence.pool;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
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
  static final String CONNECTION_EXCEPTION_CLASS = "08";
  /** admin_shutdown, crash_shutdown, cannot_connect_now. */
  static final Set<String> SERVER_GOING_AWAY = Set.of("57P01", "57P02", "57P03");

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

  /**
   * The source could not be used at all: no connection, the connection broke (class 08), or
   * the server is shutting down or starting (57P01-57P03). Not a verdict on the query.
   */
  static boolean isUnreachable(Throwable failure) {
    if (isNoConnection(failure)) {
      return true;
    }
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLTransientConnectionException) {
        return true;
      }
    }
    return sqlState(failure).map(s -> s.startsWith(CONNECTION_EXCEPTION_CLASS) || SERVER_GOING_AWAY.contains(s)).orElse(false);
  }

  static boolean isNoConnection(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof NoConnectionException) {
        return true;
      }
    }
    return false;
  }

  /** A hot standby cancelled the query because replay needed what it was reading: another source can answer it. */
  static boolean isRecoveryConflict(Throwable failure) {
    return sqlState(failure).map(SERIALIZATION_FAILURE::equals).orElse(false);
  }

  static boolean isRetryable(Throwable failure) {
    return sqlState(failure).map(s -> s.equals(SERIALIZATION_FAILURE) || s.equals(DEADLOCK_DETECTED)).orElse(false);
  }
}
