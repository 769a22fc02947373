package chorus.persistence.pool;

import chorus.persistence.datasources.DatabaseUnavailableException;
import chorus.persistence.datasources.Source;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * Runs one unit of SQL work on a borrowed connection, blocking the calling thread. This is
 * the part of a pool worker that has rules (which data source, transactions, retries), kept
 * out of the actor so it is plain code.
 *
 * <p>Reads try the sources routing lists, in order. A read that fails because its replica is
 * unreachable (no connection, connection lost, server shutting down) takes that replica out of
 * rotation and runs again on the next source; one that meets a hot-standby recovery conflict
 * runs again on the next source too. A read has no effects, so running it twice is safe; the
 * primary ends every list, so the caller sees a failure only when the primary fails as well.
 *
 * <p>Writes run in one transaction on the primary. A transaction that fails with a
 * serialization failure (40001) or a deadlock (40P01) did not commit, so it is run again, at
 * most {@value #MAX_WRITE_ATTEMPTS} times in all; the work must therefore not have effects
 * outside the database. A write that could not even get a connection while the primary was
 * being switched (reload) runs on the new primary. A primary that cannot be reached is a
 * {@link DatabaseUnavailableException} (retryable, a 503); any other failure is thrown as it is.
 */
final class SqlRunner {
  static final int MAX_WRITE_ATTEMPTS = 3;

  private final DataSourceRouting routing;
  private final Settings settings = new Settings().withExecuteLogging(false);

  SqlRunner(DataSourceRouting routing) {
    this.routing = routing;
  }

  <T> T read(ReadPreference where, Function<DSLContext, T> query) {
    long generation = routing.generation();
    List<Source> candidates = routing.forRead(where);
    for (int i = 0; ; i++) {
      Source source = candidates.get(i);
      try {
        return run(source, dsl -> query.apply(dsl), false);
      } catch (RuntimeException e) {
        boolean unreachable = SqlFailures.isUnreachable(e);
        if (!unreachable && !(SqlFailures.isRecoveryConflict(e) && !source.isPrimary())) {
          throw e;
        }
        if (unreachable && !source.isPrimary()) {
          source.takeOut("a read failed: " + e.getMessage());
        }
        if (i + 1 < candidates.size()) {
          continue;
        }
        if (routing.generation() != generation) {
          // The sources were swapped under this read (reload, recycle): start over on the new ones.
          generation = routing.generation();
          candidates = routing.forRead(where);
          i = -1;
          continue;
        }
        throw unreachable ? unavailable(e) : e;
      }
    }
  }

  <T> T write(Function<DSLContext, T> work) {
    for (int attempt = 1; ; attempt++) {
      long generation = routing.generation();
      try {
        return run(routing.primary(), work, true);
      } catch (RuntimeException e) {
        boolean again = SqlFailures.isRetryable(e)
            || (SqlFailures.isNoConnection(e) && routing.generation() != generation);
        if (attempt < MAX_WRITE_ATTEMPTS && again) {
          continue;
        }
        throw SqlFailures.isUnreachable(e) ? unavailable(e) : e;
      }
    }
  }

  private <T> T run(Source source, Function<DSLContext, T> work, boolean transaction) {
    Connection connection;
    try {
      connection = source.borrow();
    } catch (SQLException e) {
      source.recordError();
      throw new NoConnectionException(source, e);
    }
    try (connection) {
      DSLContext dsl = DSL.using(connection, SQLDialect.POSTGRES, settings);
      return transaction ? dsl.transactionResult(configuration -> work.apply(configuration.dsl())) : work.apply(dsl);
    } catch (SQLException e) {
      throw new DataAccessException("closing a connection failed", e);
    } catch (RuntimeException e) {
      if (SqlFailures.sqlState(e).isPresent()) {
        source.recordError();
      }
      throw e;
    } finally {
      source.release();
    }
  }

  private static DatabaseUnavailableException unavailable(RuntimeException e) {
    return new DatabaseUnavailableException("the database cannot be reached: " + e.getMessage(), e);
  }
}
