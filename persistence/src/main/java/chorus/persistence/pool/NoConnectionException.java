package chorus.persistence.pool;

import chorus.persistence.datasources.Source;
import java.sql.SQLException;
import org.jooq.exception.DataAccessException;

/** A request could not get a connection from a source, so none of its SQL ran there. */
final class NoConnectionException extends DataAccessException {
  NoConnectionException(Source source, SQLException cause) {
    super("cannot get a database connection from " + source.name() + ": " + cause.getMessage(), cause);
  }
}
