package chorus.node.cluster;

import chorus.protocol.api.ClusterMembers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * The Pekko cluster as this node sees it, for the System Console's Cluster page: members from
 * {@link Cluster#state()}, shard placement from every shard region ({@link GetClusterShardingStats}),
 * and where each singleton runs. Pekko starts a singleton on the oldest Up member of the data
 * center that has its role, so that is computed here from the same membership rather than asked
 * of the singleton (which would answer from wherever it is, not say where that is).
 */
public final class ClusterView {
  /**
   * A cluster singleton Chorus starts.
   *
   * @param role the role it needs; empty: any member
   */
  public record SingletonSpec(String name, String role) {}

  private final ActorSystem<?> system;
  private final boolean clusteringEnabled;
  private final List<EntityTypeKey<?>> shardedTypes;
  private final List<SingletonSpec> singletons;
  private final Duration timeout;

  public ClusterView(ActorSystem<?> system, boolean clusteringEnabled, List<EntityTypeKey<?>> shardedTypes,
      List<SingletonSpec> singletons, Duration timeout) {
    this.system = system;
    this.clusteringEnabled = clusteringEnabled;
    this.shardedTypes = List.copyOf(shardedTypes);
    this.singletons = List.copyOf(singletons);
    this.timeout = timeout;
  }

  public CompletionStage<ClusterMembers> current() {
    Cluster cluster = Cluster.get(system);
    ClusterEvent.CurrentClusterState state = cluster.state();
    Member self = cluster.selfMember();
    List<Member> members = new ArrayList<>();
    state.getMembers().forEach(members::add);
    members.sort(Comparator.comparing((Member m) -> m.address().toString()));
    Set<Member> unreachable = state.getUnreachable();
    Optional<Member> oldest = oldestUp(members, "", self.dataCenter());
    String leader = Optional.ofNullable(state.getLeader()).map(Address::toString).orElse("");
    List<ClusterMembers.Member> rows = members.stream().map(m -> new ClusterMembers.Member(
        m.address().toString(), statusName(m.status()),
        m.getRoles().stream().filter(r -> !r.startsWith("dc-")).sorted().toList(), m.dataCenter(),
        !unreachable.contains(m), m.address().toString().equals(leader), oldest.map(m::equals).orElse(false),
        m.equals(self), m.upNumber())).toList();
    List<ClusterMembers.Singleton> placed = singletons.stream().map(s -> new ClusterMembers.Singleton(s.name(), s.role(),
        oldestUp(members, s.role(), self.dataCenter()).map(m -> m.address().toString()).orElse(""))).toList();

    List<CompletableFuture<ClusterMembers.ShardedType>> stats = shardedTypes.stream()
        .map(key -> shardingStats(key).toCompletableFuture()).toList();
    return CompletableFuture.allOf(stats.toArray(CompletableFuture[]::new)).thenApply(done -> new ClusterMembers(
        self.address().toString(), clusteringEnabled, leader, rows, stats.stream().map(CompletableFuture::join).toList(), placed));
  }

  /**
   * Where Pekko runs a singleton with {@code role} (empty: any): the oldest Up member of the
   * data center carrying the role, as the singleton manager chooses it.
   */
  static Optional<Member> oldestUp(List<Member> members, String role, String dataCenter) {
    return members.stream()
        .filter(m -> m.status().equals(MemberStatus.up()) && m.dataCenter().equals(dataCenter))
        .filter(m -> role.isEmpty() || m.hasRole(role))
        .reduce((a, b) -> a.isOlderThan(b) ? a : b);
  }

  /** {@code WeaklyUp} → {@code weakly_up}, as the rest of the API spells values. */
  static String statusName(MemberStatus status) {
    return status.toString().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  private CompletionStage<ClusterMembers.ShardedType> shardingStats(EntityTypeKey<?> key) {
    return AskPattern.<GetClusterShardingStats, ShardRegion.ClusterShardingStats>ask(
            ClusterSharding.get(system).shardState().narrow(),
            replyTo -> new GetClusterShardingStats(key, timeout, replyTo), timeout.plusSeconds(1), system.scheduler())
        .handle((stats, failure) -> failure != null
            ? new ClusterMembers.ShardedType(key.name(), List.of(), List.of("no answer: " + failure.getMessage()))
            : shardedType(key.name(), stats));
  }

  private static ClusterMembers.ShardedType shardedType(String name, ShardRegion.ClusterShardingStats stats) {
    List<ClusterMembers.Region> regions = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    stats.getRegions().entrySet().stream()
        .sorted(Map.Entry.comparingByKey(Comparator.comparing(Address::toString)))
        .forEach(region -> {
          Map<String, Object> shards = region.getValue().getStats();
          List<ClusterMembers.Shard> shardList = shards.entrySet().stream()
              .map(e -> new ClusterMembers.Shard(e.getKey(), ((Number) e.getValue()).intValue()))
              .sorted(Comparator.comparing(ClusterMembers.Shard::id)).toList();
          regions.add(new ClusterMembers.Region(region.getKey().toString(), shardList.size(),
              shardList.stream().mapToInt(ClusterMembers.Shard::entities).sum(), shardList));
          region.getValue().getFailed().stream().sorted()
              .forEach(shard -> failed.add(region.getKey() + " shard " + shard));
        });
    return new ClusterMembers.ShardedType(name, List.copyOf(regions), List.copyOf(failed));
  }
}
