package chorus.persistence.cluster;

import static chorus.persistence.jooq.Tables.CLUSTER_DISCOVERY;

import chorus.persistence.jooq.tables.records.ClusterDiscoveryRecord;
import java.time.Duration;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * Queries on {@code cluster_discovery}, the table through which nodes find each other.
 * Every age is measured on the database's clock, never the caller's: nodes whose clocks
 * differ by seconds must still agree on which rows are fresh.
 *
 * <p>A node is identified by (type, cluster name, host, gossip port) rather than
 * Mattermost's (type, cluster name, host), because several Chorus nodes may share a host.
 */
public final class ClusterDiscoveryRepository {
  private static final Field<Long> DB_NOW_MILLIS =
      DSL.field("(extract(epoch from clock_timestamp()) * 1000)::bigint", Long.class);

  /** Replaces any earlier row of the same node (a crash leaves one behind) with a fresh one. */
  public DiscoveryRow register(DSLContext dsl, String id, String type, String clusterName, String hostname,
      int gossipPort, int managementPort) {
    dsl.deleteFrom(CLUSTER_DISCOVERY)
        .where(CLUSTER_DISCOVERY.TYPE.eq(type))
        .and(CLUSTER_DISCOVERY.CLUSTER_NAME.eq(clusterName))
        .and(CLUSTER_DISCOVERY.HOSTNAME.eq(hostname))
        .and(CLUSTER_DISCOVERY.GOSSIP_PORT.eq(gossipPort))
        .execute();
    return toRow(dsl.insertInto(CLUSTER_DISCOVERY)
        .set(CLUSTER_DISCOVERY.ID, id)
        .set(CLUSTER_DISCOVERY.TYPE, type)
        .set(CLUSTER_DISCOVERY.CLUSTER_NAME, clusterName)
        .set(CLUSTER_DISCOVERY.HOSTNAME, hostname)
        .set(CLUSTER_DISCOVERY.GOSSIP_PORT, gossipPort)
        .set(CLUSTER_DISCOVERY.MANAGEMENT_PORT, managementPort)
        .set(CLUSTER_DISCOVERY.CREATE_AT, DB_NOW_MILLIS)
        .set(CLUSTER_DISCOVERY.LAST_PING_AT, DB_NOW_MILLIS)
        .returning()
        .fetchSingle());
  }

  /** Marks the row as alive now; false when it is gone (cleaned while this node stalled). */
  public boolean ping(DSLContext dsl, String id) {
    return dsl.update(CLUSTER_DISCOVERY)
        .set(CLUSTER_DISCOVERY.LAST_PING_AT, DB_NOW_MILLIS)
        .where(CLUSTER_DISCOVERY.ID.eq(id))
        .execute() > 0;
  }

  public boolean delete(DSLContext dsl, String id) {
    return dsl.deleteFrom(CLUSTER_DISCOVERY).where(CLUSTER_DISCOVERY.ID.eq(id)).execute() > 0;
  }

  /** Rows of one cluster pinged within {@code freshWithin}, oldest first. */
  public List<DiscoveryRow> live(DSLContext dsl, String type, String clusterName, Duration freshWithin) {
    return dsl.selectFrom(CLUSTER_DISCOVERY)
        .where(CLUSTER_DISCOVERY.TYPE.eq(type))
        .and(CLUSTER_DISCOVERY.CLUSTER_NAME.eq(clusterName))
        .and(CLUSTER_DISCOVERY.LAST_PING_AT.gt(DB_NOW_MILLIS.minus(freshWithin.toMillis())))
        .orderBy(CLUSTER_DISCOVERY.CREATE_AT, CLUSTER_DISCOVERY.ID)
        .fetch(ClusterDiscoveryRepository::toRow);
  }

  /** Deletes rows of any cluster not pinged for {@code staleAfter}; answers how many. */
  public int deleteStale(DSLContext dsl, Duration staleAfter) {
    return dsl.deleteFrom(CLUSTER_DISCOVERY)
        .where(CLUSTER_DISCOVERY.LAST_PING_AT.lt(DB_NOW_MILLIS.minus(staleAfter.toMillis())))
        .execute();
  }

  private static DiscoveryRow toRow(ClusterDiscoveryRecord r) {
    return new DiscoveryRow(r.getId(), r.getType(), r.getClusterName(), r.getHostname(), r.getGossipPort(),
        r.getManagementPort(), r.getCreateAt(), r.getLastPingAt());
  }
}
