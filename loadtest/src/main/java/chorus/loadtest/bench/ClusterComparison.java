package chorus.loadtest.bench;

import chorus.loadtest.client.ClientRuntime;
import chorus.loadtest.client.RestClient;
import chorus.loadtest.client.Targets;
import chorus.loadtest.scenario.FanOutScenario;
import chorus.loadtest.sim.SimUser;
import chorus.loadtest.sim.World;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Scenario (e): scenario (a)'s fan-out at one rate R on the benchmark's single node, then at the
 * same rate on a three-node cluster on the same machine, in the same run. The cluster shares
 * the single node's PostgreSQL, so both runs serve the very same users, channels, sessions and
 * data; only where the clients connect changes (client i to cluster node i mod 3). The single
 * node stays up but idle while the cluster runs, and the cluster stays up for (f). Each side gets one unmeasured warm-up step on
 * the sockets it is then measured on; its posts are in the side's delivery check.
 */
public final class ClusterComparison {

  public record Params(int channels, int membersPerChannel, int postsPerSecond, Duration stepDuration, int clusterNodes) {}

  public record Result(
      Params params,
      FanOutScenario.Result oneNode,
      FanOutScenario.Result cluster,
      List<String> clusterUrls,
      double clusterStartSeconds) {

    /** Delivered events/s, cluster over single node: above 1 the cluster delivered more. */
    @JsonProperty
    public Optional<Double> deliveredRatio() {
      return ratio(FanOutScenario.Step::deliveredPerSecond);
    }

    /** Publish→deliver p50, cluster over single node: above 1 the cluster is slower. */
    @JsonProperty
    public Optional<Double> p50Ratio() {
      return ratio(s -> s.publishToDeliver().p50Ms());
    }

    /** Publish→deliver p99, cluster over single node. */
    @JsonProperty
    public Optional<Double> p99Ratio() {
      return ratio(s -> s.publishToDeliver().p99Ms());
    }

    private Optional<Double> ratio(java.util.function.ToDoubleFunction<FanOutScenario.Step> measure) {
      if (oneNode.steps().isEmpty() || cluster.steps().isEmpty()) {
        return Optional.empty();
      }
      double base = measure.applyAsDouble(oneNode.steps().get(0));
      return base > 0 ? Optional.of(measure.applyAsDouble(cluster.steps().get(0)) / base) : Optional.empty();
    }
  }

  private final ClientRuntime runtime;

  public ClusterComparison(ClientRuntime runtime) {
    this.runtime = runtime;
  }

  /** Measures the single node, then the cluster of {@code clusters} (started here if it is not running), which stays up for (f). */
  public Result run(World world, SharedCluster clusters, Params params) throws Exception {
    FanOutScenario.Params fanOut = new FanOutScenario.Params(params.channels(), params.membersPerChannel(),
        List.of(params.postsPerSecond()), params.stepDuration(), 100);
    FanOutScenario.Result one = warmThenMeasure(world, fanOut, "1 node");
    System.out.printf("  starting %d clustered nodes on the same PostgreSQL ...%n", params.clusterNodes());
    long t0 = System.nanoTime();
    LocalClusterNodes cluster = clusters.get("(e)");
    double startSeconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf("  cluster up in %.1f s: %s%n", startSeconds, cluster.baseUrls());
    World spread = rebind(world, Targets.of(cluster.baseUrls()));
    FanOutScenario.Result three = warmThenMeasure(spread, fanOut, params.clusterNodes() + " nodes");
    return new Result(params, one, three, cluster.baseUrls(), startSeconds);
  }

  /**
   * One unmeasured step, then the measured one on the same sockets: freshly started cluster
   * nodes would otherwise be measured while their JIT compiles and their shards allocate,
   * against a single node that scenario (a) has already warmed.
   */
  private FanOutScenario.Result warmThenMeasure(World world, FanOutScenario.Params fanOut, String label) {
    System.out.printf("  %s: warm-up, then %d posts/s for %d s ...%n", label, fanOut.postsPerSecond().get(0), fanOut.stepDuration().toSeconds());
    return new FanOutScenario(runtime).runAfterWarmUp(world, fanOut);
  }

  /** The same users and channels, each user's REST and WebSocket traffic sent to {@code targets}. */
  private World rebind(World world, Targets targets) {
    Map<String, SimUser> byId = new HashMap<>();
    for (SimUser u : world.users()) {
      byId.put(u.id(), new SimUser(u.index(), u.id(), u.username(), u.token(), u.teamId(), u.channelIds(),
          new RestClient(runtime, targets.forClient(u.index()))));
    }
    SimUser admin = world.admin();
    SimUser movedAdmin = new SimUser(admin.index(), admin.id(), admin.username(), admin.token(), admin.teamId(), admin.channelIds(),
        new RestClient(runtime, targets.forClient(0)));
    Map<String, List<SimUser>> members = world.members().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
        e -> e.getValue().stream().map(u -> byId.get(u.id())).toList(), (a, b) -> a, java.util.LinkedHashMap::new));
    return new World(movedAdmin, world.teamId(), world.users().stream().map(u -> byId.get(u.id())).toList(), world.channelIds(), members);
  }
}
