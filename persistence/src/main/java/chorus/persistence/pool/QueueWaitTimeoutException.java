package chorus.persistence.pool;

import java.util.concurrent.TimeoutException;

/**
 * A request waited for a free worker longer than the pool's queue deadline and was dropped
 * without running: the database is not keeping up. Nothing was written, so the caller may retry
 * (the API answers 503).
 */
public final class QueueWaitTimeoutException extends TimeoutException {
  public QueueWaitTimeoutException(String message) {
    super(message);
  }
}
