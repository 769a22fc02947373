package chorus.persistence.datasources;

/**
 * What an operator sees of one data source at one moment.
 *
 * @param name e.g. {@code primary}, {@code replica-0}, {@code search-replica-0}
 * @param url the JDBC URL without credentials
 * @param healthy whether it is in rotation (the primary is always reported healthy: it has no alternative)
 * @param lagMillis replay lag measured on the replica by the last probe; 0 for the primary, -1 if unknown
 * @param lastError why it was last taken out, or empty
 * @param queries requests that ran on it since its pool opened
 * @param errors requests that failed on it with a database error
 * @param active connections in use
 * @param idle connections open and free
 * @param waiting threads waiting for a connection
 * @param total open connections
 */
public record SourceStatus(
    String name,
    SourceRole role,
    String url,
    boolean healthy,
    long lagMillis,
    String lastError,
    long queries,
    long errors,
    int active,
    int idle,
    int waiting,
    int total) {}
