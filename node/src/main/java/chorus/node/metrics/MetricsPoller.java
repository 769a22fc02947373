package chorus.node.metrics;

import chorus.persistence.datasources.DataSources;
import chorus.persistence.datasources.SourceStatus;
import chorus.persistence.jobs.JobRepository;
import chorus.persistence.pool.PersistencePool;
import chorus.persistence.pool.ReadPreference;
import chorus.protocol.api.Job;
import chorus.sharding.presence.PresenceEntity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import kamon.tag.TagSet;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Reads, once per tick, the state nothing reports by itself: cluster membership as this node
 * sees it, where the singletons run, this node's presence shards, each data source's pool
 * and replica lag, and the jobs table. Reading is cheap (in-memory state and the pools' own counters); a read that
 * is still running when the next tick comes is not started twice.
 */
public final class MetricsPoller {
  private static final Map<String, MemberStatus> STATUSES = Map.of(
      "joining", MemberStatus.joining(), "weakly_up", MemberStatus.weaklyUp(), "up", MemberStatus.up(),
      "leaving", MemberStatus.leaving(), "exiting", MemberStatus.exiting(), "down", MemberStatus.down());

  private final ActorSystem<?> system;
  private final NodeMetrics metrics;
  private final DataSources dataSources;
  private final PersistencePool pool;
  private final JobRepository jobs;
  private final Duration timeout;
  private final AtomicBoolean shardsAsked = new AtomicBoolean();
  private final AtomicBoolean jobsAsked = new AtomicBoolean();

  public MetricsPoller(ActorSystem<?> system, NodeMetrics metrics, DataSources dataSources, PersistencePool pool,
      JobRepository jobs, Duration timeout) {
    this.system = system;
    this.metrics = metrics;
    this.dataSources = dataSources;
    this.pool = pool;
    this.jobs = jobs;
    this.timeout = timeout;
  }

  public Cancellable start(Duration every) {
    return system.scheduler().scheduleWithFixedDelay(Duration.ZERO, every, this::poll, system.executionContext());
  }

  void poll() {
    cluster();
    sources();
    shards();
    jobs();
  }

  /**
   * Jobs of the whole cluster by type and status, as the jobs table holds them (every node
   * reports the same numbers: take the max across nodes). {@code mattermost_jobs_active} is
   * Mattermost's name for the running ones.
   */
  private void jobs() {
    if (!jobsAsked.compareAndSet(false, true)) {
      return;
    }
    pool.read(ReadPreference.PRIMARY, jobs::countByTypeAndStatus).whenComplete((counts, failure) -> {
      jobsAsked.set(false);
      if (failure != null) {
        return;
      }
      for (String type : List.of(Job.DATA_RETENTION, Job.LDAP_SYNC, Job.MESSAGE_EXPORT)) {
        metrics.gauge("mattermost.jobs.active", "Jobs running now, by type", TagSet.of("type", type),
            counts.getOrDefault(List.of(type, Job.IN_PROGRESS), 0));
        for (String status : List.of(Job.PENDING, Job.IN_PROGRESS, Job.SUCCESS, Job.ERROR, Job.CANCEL_REQUESTED, Job.CANCELED,
            Job.WARNING)) {
          metrics.gauge("chorus.jobs", "Jobs in the jobs table, by type and status", TagSet.of("type", type).withTag("status", status),
              counts.getOrDefault(List.of(type, status), 0));
        }
      }
    });
  }

  private void cluster() {
    Cluster cluster = Cluster.get(system);
    var state = cluster.state();
    List<Member> members = new java.util.ArrayList<>();
    state.getMembers().forEach(members::add);
    STATUSES.forEach((name, status) -> metrics.gauge("chorus.cluster.members", "Cluster members this node sees, by status",
        TagSet.of("status", name), members.stream().filter(m -> m.status().equals(status)).count()));
    metrics.gauge("chorus.cluster.unreachable", "Members this node cannot reach", TagSet.Empty(), state.getUnreachable().size());
    boolean leader = cluster.selfMember().address().equals(state.getLeader());
    metrics.gauge("chorus.cluster.leader", "1 on the node that is the cluster's leader", TagSet.Empty(), leader ? 1 : 0);
    // Cluster singletons (the shard coordinators, and the jobs scheduler on its role) run on the oldest Up member.
    Optional<Member> oldest = members.stream().filter(m -> m.status().equals(MemberStatus.up())).reduce((a, b) -> a.isOlderThan(b) ? a : b);
    metrics.gauge("chorus.cluster.singletons.here", "1 on the node where the cluster's singletons run", TagSet.Empty(),
        oldest.map(m -> m.equals(cluster.selfMember()) ? 1 : 0).orElse(0));
  }

  private void sources() {
    for (SourceStatus source : dataSources.status()) {
      TagSet tags = TagSet.of("source", source.name()).withTag("role", source.role().name().toLowerCase(java.util.Locale.ROOT));
      metrics.gauge(connectionsMetric(source), "Open connections of the data source's pool", tags, source.total());
      metrics.gauge("chorus.db.pool.active", "Connections in use", tags, source.active());
      metrics.gauge("chorus.db.pool.idle", "Connections open and free", tags, source.idle());
      metrics.gauge("chorus.db.pool.waiting", "Requests waiting for a connection", tags, source.waiting());
      metrics.gauge("chorus.db.queries", "Requests run on the data source since its pool opened", tags, source.queries());
      metrics.gauge("chorus.db.errors", "Requests that failed with a database error since the pool opened", tags, source.errors());
      metrics.gauge("chorus.db.healthy", "1 while the data source is in rotation", tags, source.healthy() ? 1 : 0);
      if (source.lagMillis() >= 0) {
        metrics.gauge("chorus.db.replica.lag.seconds", "Replay lag measured on the replica by its last probe", tags,
            source.lagMillis() / 1000.0);
      }
    }
  }

  /** Mattermost's names for pool size: master, read replica and search replica connections. */
  private static String connectionsMetric(SourceStatus source) {
    return switch (source.role()) {
      case PRIMARY -> "mattermost.db.master.connections";
      case REPLICA -> "mattermost.db.read.replica.connections";
      case SEARCH_REPLICA -> "mattermost.db.search.replica.connections";
    };
  }

  private void shards() {
    if (!shardsAsked.compareAndSet(false, true)) {
      return;
    }
    AskPattern.<GetShardRegionState, ShardRegion.CurrentShardRegionState>ask(
            ClusterSharding.get(system).shardState().narrow(),
            replyTo -> new GetShardRegionState(PresenceEntity.TYPE_KEY, replyTo), timeout, system.scheduler())
        .whenComplete((state, failure) -> {
          shardsAsked.set(false);
          if (failure == null) {
            TagSet presence = TagSet.of("entity_type", PresenceEntity.TYPE_KEY.name());
            metrics.gauge("chorus.sharding.shards", "Shards hosted on this node", presence, state.getShards().size());
            metrics.gauge("chorus.sharding.entities", "Entities alive on this node", presence,
                state.getShards().stream().mapToInt(s -> s.getEntityIds().size()).sum());
          }
        });
  }
}
