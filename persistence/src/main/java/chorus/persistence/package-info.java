/**
 * Chorus's database layer. How a node wires it, in order:
 *
 * <ol>
 *   <li>Where the database is: {@link chorus.persistence.db.PostgresUrl#parse} for
 *       {@code SqlSettings.DataSource}, or, when that is empty,
 *       {@link chorus.persistence.db.EmbeddedDatabase#start} under the data directory (give it
 *       {@code max_connections} above the pool size).
 *   <li>{@link chorus.persistence.db.ConnectionPools#create} opens the HikariCP pool;
 *       {@link chorus.persistence.db.Migrations#migrate} brings the schema up to date.
 *   <li>The actor system's config includes
 *       {@link chorus.persistence.pool.PersistencePool#dispatcherConfig} with
 *       {@link chorus.persistence.pool.PoolWorkers#forMachine} threads (at most as many as
 *       the pool has connections); {@link chorus.persistence.pool.PersistencePool#create}
 *       starts that many workers.
 *   <li>Callers pass repository calls to the pool:
 *       {@code pool.read(ReadPreference.REPLICA, dsl -> users.findById(dsl, id))} or
 *       {@code pool.write(dsl -> ...)} (one transaction).
 * </ol>
 *
 * <p>Repositories ({@code users}, {@code sessions}, {@code teams}, {@code channels},
 * {@code posts}, {@code status}, {@code system}) are stateless: create one of each and share
 * it. Their queries use the jOOQ classes in {@code chorus.persistence.jooq}, generated at
 * build time from the migrated schema on a real PostgreSQL ({@code src/build/}).
 */
package chorus.persistence;
