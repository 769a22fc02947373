package chorus.persistence.pool;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;
import javax.sql.DataSource;
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
 * <p>Writes run in one transaction on the primary. A transaction that fails with a
 * serialization failure (40001) or a deadlock (40P01) did not commit, so it is run again, at
 * most {@value #MAX_WRITE_ATTEMPTS} times in all; the work must therefore not have effects
 * outside the database. Any other failure is thrown as it is.
 */
final class SqlRunner {
  static final int MAX_WRITE_ATTEMPTS = 3;

  private final DataSourceRouting routing;
  private final Settings settings = new Settings().withExecuteLogging(false);

  SqlRunner(DataSourceRouting routing) {
    this.routing = routing;
  }

  <T> T read(ReadPreference where, Function<DSLContext, T> query) {
    try (Connection connection = connect(routing.forRead(where))) {
      return query.apply(DSL.using(connection, SQLDialect.POSTGRES, settings));
    } catch (SQLException e) {
      throw new DataAccessException("closing a connection failed", e);
    }
  }

  <T> T write(Function<DSLContext, T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return writeOnce(work);
      } catch (RuntimeException e) {
        if (attempt >= MAX_WRITE_ATTEMPTS || !SqlFailures.isRetryable(e)) {
          throw e;
        }
      }
    }
  }

  private <T> T writeOnce(Function<DSLContext, T> work) {
    try (Connection connection = connect(routing.primary())) {
      return DSL.using(connection, SQLDialect.POSTGRES, settings)
          .transactionResult(configuration -> work.apply(configuration.dsl()));
    } catch (SQLException e) {
      throw new DataAccessException("closing a connection failed", e);
    }
  }

  private static Connection connect(DataSource dataSource) {
    try {
      return dataSource.getConnection();
    } catch (SQLException e) {
      throw new DataAccessException("cannot get a database connection: " + e.getMessage(), e);
    }
  }
}
