package chorus.persistence.datasources;

import org.jooq.DSLContext;
import org.jooq.Record;

/** Which server answered a query, asked of the server itself. */
record Answering(boolean inRecovery, int port) {
  static Answering of(DSLContext dsl) {
    Record row = dsl.fetchOne("SELECT pg_is_in_recovery() AS recovering, inet_server_port() AS port");
    return new Answering(row.get("recovering", Boolean.class), row.get("port", Integer.class));
  }
}
