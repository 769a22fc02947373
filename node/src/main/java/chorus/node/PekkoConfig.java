package chorus.node;

import chorus.management.discovery.DatabaseServiceDiscovery;
import chorus.management.jobs.JobScheduler;
import chorus.management.jobs.JobWorker;
import chorus.node.cluster.AdvertisedHost;
import chorus.node.lifecycle.HttpPortClose;
import chorus.persistence.pool.PersistencePool;
import chorus.sharding.hub.MembershipIndexGate;
import chorus.protocol.config.ChorusConfig;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The actor system's configuration: values that come from config.json injected over
 * {@code application.conf}.
 *
 * <p>A single node binds its cluster transport and Pekko Management to loopback, on a free
 * port for the transport: it has no peers, so nothing should listen on the network for it.
 * A clustered node binds both to its advertised host on {@code GossipPort} and
 * {@code ManagementPort}, and finds its peers through cluster bootstrap with the
 * {@code chorus-database} discovery method, whose service name is the cluster name.
 */
final class PekkoConfig {
  static final String DISCOVERY_METHOD = "chorus-database";
  /** Time for the handoff after the drain wait, on top of ShutdownDrainSeconds. */
  private static final int DRAIN_HANDOFF_SECONDS = 15;

  private PekkoConfig() {}

  /** The actor system's name: the cluster name, since nodes of differently named systems never join. */
  static String systemName(ChorusConfig config) {
    String name = config.clusterSettings().clusterName();
    return config.clusterSettings().enable() && name != null && !name.isEmpty() ? name : "chorus";
  }

  /** The actor system's config, with {@code persistenceWorkers} threads for the persistence pool. */
  static Config from(ChorusConfig config, Optional<AdvertisedHost> advertised, int persistenceWorkers) {
    var cluster = config.clusterSettings();
    Map<String, Object> injected = new HashMap<>();
    String host = advertised.map(AdvertisedHost::hostname).orElse("127.0.0.1");
    injected.put("pekko.remote.artery.canonical.hostname", host);
    injected.put("pekko.remote.artery.canonical.port", advertised.isPresent() ? cluster.gossipPort() : 0);
    injected.put("pekko.management.http.hostname", host);
    injected.put("pekko.management.http.port", cluster.managementPort());
    // The drain (not ready, then WebSockets handed off) runs in this phase and must fit in it.
    injected.put("pekko.coordinated-shutdown.phases.before-service-unbind.timeout",
        (config.serviceSettings().shutdownDrainSeconds() + DRAIN_HANDOFF_SECONDS) + "s");
    // Requests in flight when the port closes get their full time (HttpPortClose), not the 5-s default.
    injected.put("pekko.coordinated-shutdown.phases.service-requests-done.timeout",
        (HttpPortClose.IN_FLIGHT.toSeconds() + 2) + "s");
    // Only nodes with RunScheduler carry the role the scheduling singleton runs on: the others are never leader.
    // Every node says its hub finds channel members itself, so events may leave them out.
    injected.put("pekko.cluster.roles", config.jobSettings().runScheduler()
        ? List.of(JobScheduler.ROLE, MembershipIndexGate.ROLE) : List.of(MembershipIndexGate.ROLE));
    if (advertised.isPresent()) {
      String bootstrap = "pekko.management.cluster.bootstrap.contact-point-discovery.";
      injected.put(bootstrap + "service-name", systemName(config));
      injected.put(bootstrap + "discovery-method", DISCOVERY_METHOD);
      injected.put("pekko.discovery." + DISCOVERY_METHOD + ".class", DatabaseServiceDiscovery.class.getName());
    }
    return ConfigFactory.parseMap(injected)
        .withFallback(PersistencePool.dispatcherConfig(persistenceWorkers))
        .withFallback(JobWorker.dispatcherConfig(config.jobSettings().maxConcurrentJobs()))
        .withFallback(ConfigFactory.load());
  }
}
