package chorus.persistence.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.persistence.TestDatabase;
import chorus.persistence.TestRecords;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ClusterDiscoveryRepositoryTest {
  @RegisterExtension
  static final TestDatabase db = new TestDatabase();

  private static final Duration FRESH = Duration.ofMinutes(1);

  private final ClusterDiscoveryRepository discovery = new ClusterDiscoveryRepository();

  @Test
  void registeredNodesOfOneClusterAreLiveOldestFirst() {
    String cluster = TestRecords.id();
    DiscoveryRow a = discovery.register(db.dsl(), TestRecords.id(), DiscoveryRow.APP_TYPE, cluster, "127.0.0.1", 7001, 8001);
    DiscoveryRow b = discovery.register(db.dsl(), TestRecords.id(), DiscoveryRow.APP_TYPE, cluster, "127.0.0.1", 7002, 8002);
    discovery.register(db.dsl(), TestRecords.id(), DiscoveryRow.APP_TYPE, TestRecords.id(), "127.0.0.1", 7003, 8003);

    assertThat(discovery.live(db.dsl(), DiscoveryRow.APP_TYPE, cluster, FRESH))
        .extracting(DiscoveryRow::id, DiscoveryRow::managementPort)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(a.id(), 8001), org.assertj.core.groups.Tuple.tuple(b.id(), 8002));
    assertThat(a.createAt()).isEqualTo(a.lastPingAt()).isPositive();
  }

  @Test
  void reRegisteringTheSameNodeReplacesItsLeftoverRow() {
    String cluster = TestRecords.id();
    DiscoveryRow crashed = discovery.register(db.dsl(), TestRecords.id(), DiscoveryRow.APP_TYPE, cluster, "10.0.0.5", 8074, 8558);
    DiscoveryRow restarted = discovery.register(db.dsl(), TestRecords.id(), DiscoveryRow.APP_TYPE, cluster, "10.0.0.5", 8074, 8558);

    assertThat(discovery.live(db.dsl(), DiscoveryRow.APP_TYPE, cluster, FRESH)).extracting(DiscoveryRow::id)
        .containsExactly(restarted.id());
    assertThat(discovery.ping(db.dsl(), crashed.id())).isFalse();
  }

  @Test
  void pingKeepsARowFreshAndStaleRowsDropOutAndAreDeleted() throws Exception {
    String cluster = TestRecords.id();
    DiscoveryRow quiet = discovery.register(db.dsl(), TestRecords.id(), DiscoveryRow.APP_TYPE, cluster, "h", 1, 2);
    DiscoveryRow pinged = discovery.register(db.dsl(), TestRecords.id(), DiscoveryRow.APP_TYPE, cluster, "h", 3, 4);
    // Age the quiet row on the database's clock instead of waiting for it to get old.
    db.dsl().execute("update cluster_discovery set last_ping_at = last_ping_at - 600000 where id = ?", quiet.id());
    db.dsl().execute("update cluster_discovery set last_ping_at = last_ping_at - 600000 where id = ?", pinged.id());
    assertThat(discovery.ping(db.dsl(), pinged.id())).isTrue();

    assertThat(discovery.live(db.dsl(), DiscoveryRow.APP_TYPE, cluster, FRESH)).extracting(DiscoveryRow::id)
        .containsExactly(pinged.id());
    assertThat(discovery.deleteStale(db.dsl(), FRESH)).isGreaterThanOrEqualTo(1);
    assertThat(discovery.ping(db.dsl(), quiet.id())).isFalse();
    assertThat(discovery.delete(db.dsl(), pinged.id())).isTrue();
    assertThat(discovery.live(db.dsl(), DiscoveryRow.APP_TYPE, cluster, FRESH)).isEmpty();
  }
}
