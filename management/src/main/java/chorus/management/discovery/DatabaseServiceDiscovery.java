package chorus.management.discovery;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.discovery.Lookup;
import org.apache.pekko.discovery.ServiceDiscovery;
import scala.Option;
import scala.concurrent.Future;
import scala.concurrent.duration.FiniteDuration;
import scala.jdk.javaapi.CollectionConverters;
import scala.jdk.javaapi.FutureConverters;

/**
 * The Pekko Discovery method {@code chorus-database}: the service name is the cluster name
 * and the targets are the management endpoints of the nodes registered in the shared
 * database's {@code cluster_discovery} table. Cluster bootstrap probes them and joins the
 * cluster they report, or forms a new one when none exists.
 */
public final class DatabaseServiceDiscovery extends ServiceDiscovery {
  private final DiscoveryBinding binding;

  public DatabaseServiceDiscovery(ExtendedActorSystem system) {
    this.binding = DiscoveryBinding.get(system);
  }

  @Override
  public Future<Resolved> lookup(Lookup query, FiniteDuration resolveTimeout) {
    CompletionStage<Resolved> resolved = binding.directory().contactPoints(query.serviceName())
        .thenApply(points -> new Resolved(query.serviceName(), CollectionConverters.asScala(targets(points)).toList()));
    return FutureConverters.asScala(resolved);
  }

  private static List<ResolvedTarget> targets(List<ContactPoint> points) {
    return points.stream()
        .map(p -> new ResolvedTarget(p.host(), Option.apply((Object) p.managementPort()), Option.empty()))
        .toList();
  }
}
