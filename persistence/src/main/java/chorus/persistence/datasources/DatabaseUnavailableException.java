package chorus.persistence.datasources;

/**
 * No data source could serve a request because the database could not be reached (as opposed
 * to a query that failed). Nothing was written, so the client may retry; the API answers 503.
 */
public final class DatabaseUnavailableException extends RuntimeException {
  public DatabaseUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
