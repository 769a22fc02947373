package chorus.persistence.datasources;

import chorus.persistence.db.ConnectionPools;
import chorus.persistence.db.JdbcTarget;
import chorus.persistence.pool.ReadPreference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All the data sources a node uses, and the one place that replaces them. The persistence
 * pool asks {@link #candidates} on every request; a reload ({@link #apply}) or a recycle opens
 * a complete new {@link SourceSet}, probes its replicas, and only then makes it current, so no
 * request ever sees a half-built set. The retired set keeps serving the requests that already
 * hold its connections and is closed once they are done (or after QueryTimeout plus a margin,
 * by which time the server has cancelled them anyway).
 *
 * <p>A single daemon thread probes every replica each {@code ReplicaMonitorIntervalSeconds}
 * (see {@link ReplicaProbe}) and retires old sets. Probing never happens on a request's path.
 */
public final class DataSources implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DataSources.class);
  /** How long a read waits for a replica connection before trying the next source. */
  static final Duration REPLICA_CONNECTION_TIMEOUT = Duration.ofMillis(500);
  /**
   * How long a request waits for a primary connection before it fails as unavailable (503).
   * Every worker has a connection of its own, so a wait this long means the primary is down or
   * being switched, and the client is better served by a prompt, retryable answer.
   */
  static final Duration PRIMARY_CONNECTION_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration DRAIN_POLL = Duration.ofMillis(50);
  private static final Duration DRAIN_MARGIN = Duration.ofSeconds(5);

  private final ScheduledExecutorService background;
  private final AtomicLong generations = new AtomicLong();
  private final Object swapping = new Object();
  private volatile SourcePlan plan;
  private volatile SourceSet current;
  /** Swapped-out sets still draining; closed by {@link #close} if the node stops first. */
  private final List<SourceSet> retiring = new CopyOnWriteArrayList<>();

  private DataSources(ScheduledExecutorService background) {
    this.background = background;
  }

  /** Opens every source of {@code plan}; fails if the primary cannot be reached (replicas may be down). */
  public static DataSources open(SourcePlan plan) {
    ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "chorus-replica-monitor");
      thread.setDaemon(true);
      return thread;
    });
    DataSources sources = new DataSources(background);
    try {
      sources.plan = plan;
      sources.current = sources.openSet(plan);
    } catch (RuntimeException e) {
      background.shutdownNow();
      throw e;
    }
    sources.scheduleProbe();
    return sources;
  }

  /**
   * Only a primary that the caller opened and will close: for tools and tests that have a
   * {@link DataSource} and no replicas. {@link #apply} and {@link #recycle} are refused.
   */
  public static DataSources primaryOnly(DataSource primary) {
    DataSources sources = new DataSources(null);
    sources.current = new SourceSet(0, new Source("primary", SourceRole.PRIMARY,
        new JdbcTarget("(a DataSource opened by the caller)", "", ""), primary), List.of(), List.of());
    return sources;
  }

  /** Sources a read with this preference tries, in order; the primary is always last. */
  public List<Source> candidates(ReadPreference where) {
    return current.candidates(where);
  }

  public Source primary() {
    return current.primary();
  }

  /**
   * The current primary's pool itself, for start-up work outside the persistence pool (schema
   * migrations). Requests go through {@link chorus.persistence.pool.PersistencePool}.
   */
  public DataSource primaryDataSource() {
    return current.primary().dataSource();
  }

  /** Bumped by every reload or recycle that swapped the sources. */
  public long generation() {
    return current.generation();
  }

  public SourcePlan plan() {
    return plan;
  }

  /**
   * Switches to {@code newPlan} if it differs from the current one (a reload that changed no
   * SqlSettings keeps the pools). Returns whether the sources were swapped. If the new primary
   * cannot be reached the current sources stay and the failure is thrown.
   */
  public boolean apply(SourcePlan newPlan) {
    synchronized (swapping) {
      if (newPlan.equals(plan)) {
        return false;
      }
      swapTo(newPlan);
      return true;
    }
  }

  /** Replaces every pool with a fresh one to the same servers, draining the old ones. */
  public void recycle() {
    synchronized (swapping) {
      swapTo(plan);
    }
  }

  public List<SourceStatus> status() {
    return current.all().stream().map(Source::status).toList();
  }

  /** Probes all replicas now, on the caller's thread (the monitor does this on its own schedule). */
  public void probeNow() {
    probe(current);
  }

  @Override
  public void close() {
    if (background != null) {
      background.shutdownNow();
      retiring.forEach(SourceSet::close);
      current.close();
    }
  }

  private void swapTo(SourcePlan newPlan) {
    if (background == null) {
      throw new IllegalStateException("these data sources were given by the caller and cannot be replaced");
    }
    SourceSet next = openSet(newPlan);
    SourceSet old = current;
    plan = newPlan;
    current = next;
    log.info("Data sources switched to generation {}: primary {}, {} replica(s), {} search replica(s)", next.generation(),
        newPlan.primary().jdbcUrl(), newPlan.replicas().size(), newPlan.searchReplicas().size());
    retiring.add(old);
    long deadline = System.nanoTime() + Duration.ofSeconds(planTimeout()).plus(DRAIN_MARGIN).toNanos();
    background.execute(() -> retire(old, deadline));
  }

  private long planTimeout() {
    return plan.settings().queryTimeout();
  }

  private SourceSet openSet(SourcePlan plan) {
    long generation = generations.incrementAndGet();
    List<Source> opened = new ArrayList<>();
    try {
      Source primary = new Source("primary", SourceRole.PRIMARY, plan.primary(),
          ConnectionPools.create("primary-g" + generation, plan.primary(), plan.settings(), PRIMARY_CONNECTION_TIMEOUT));
      opened.add(primary);
      List<Source> replicas = openReplicas(plan.replicas(), "replica-", SourceRole.REPLICA, generation, plan, opened);
      List<Source> search = openReplicas(plan.searchReplicas(), "search-replica-", SourceRole.SEARCH_REPLICA, generation, plan, opened);
      SourceSet set = new SourceSet(generation, primary, replicas, search);
      probe(set);
      return set;
    } catch (RuntimeException e) {
      opened.forEach(Source::close);
      throw e;
    }
  }

  private static List<Source> openReplicas(List<JdbcTarget> targets, String prefix, SourceRole role, long generation,
      SourcePlan plan, List<Source> opened) {
    List<Source> sources = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      String name = prefix + i;
      Source source = new Source(name, role, targets.get(i),
          ConnectionPools.createLazily(name + "-g" + generation, targets.get(i), plan.settings(), REPLICA_CONNECTION_TIMEOUT));
      opened.add(source);
      sources.add(source);
    }
    return sources;
  }

  private void probe(SourceSet set) {
    SourcePlan probing = plan;
    ReplicaProbe probe = new ReplicaProbe(probeTimeout(probing));
    for (Source replica : set.allReplicas()) {
      boolean wasHealthy = replica.healthy();
      probe.probe(replica, probing.settings().replicaLagLimitMilliseconds());
      if (wasHealthy != replica.healthy()) {
        if (replica.healthy()) {
          log.info("Replica {} is back in rotation", replica);
        } else {
          log.warn("Replica {} is out of rotation: {}", replica, replica.status().lastError());
        }
      }
    }
  }

  /** A probe must finish well within one interval, or probes of a hung server would pile up. */
  private static Duration probeTimeout(SourcePlan plan) {
    return Duration.ofSeconds(Math.max(1, Math.min(5, plan.settings().replicaMonitorIntervalSeconds())));
  }

  private void scheduleProbe() {
    long interval = Math.max(1, plan.settings().replicaMonitorIntervalSeconds());
    background.schedule(() -> {
      try {
        probe(current);
      } catch (RuntimeException e) {
        log.warn("Probing the replicas failed", e);
      } finally {
        if (!background.isShutdown()) {
          scheduleProbe();
        }
      }
    }, interval, TimeUnit.SECONDS);
  }

  private void retire(SourceSet old, long deadlineNanos) {
    if (old.inFlight() > 0 && System.nanoTime() < deadlineNanos) {
      background.schedule(() -> retire(old, deadlineNanos), DRAIN_POLL.toMillis(), TimeUnit.MILLISECONDS);
      return;
    }
    if (old.inFlight() > 0) {
      log.warn("Closing data sources of generation {} with {} request(s) still running", old.generation(), old.inFlight());
    }
    old.close();
    retiring.remove(old);
  }
}
