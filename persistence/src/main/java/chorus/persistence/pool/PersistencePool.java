package chorus.persistence.pool;

import chorus.persistence.datasources.DataSources;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.jooq.DSLContext;

/**
 * The only way Chorus code runs SQL. A pool of {@link PoolWorker} actors on the dedicated
 * dispatcher {@value #DISPATCHER} does the blocking JDBC work, so no other dispatcher ever
 * blocks on the database. Give the dispatcher ({@link #dispatcherConfig}) as many threads as
 * there are workers, and the workers no more than the HikariCP pool's connections
 * ({@link PoolWorkers}): every worker then finds a free connection, and the database sees at
 * most that many concurrent statements from this pool. Requests wait in one queue and go to
 * whichever worker is free ({@link PoolCoordinator}), so a slow statement delays no request
 * but its own.
 *
 * <p>Each request states its {@link ReadPreference}; writes always go to the primary in one
 * transaction, retried on serialization failures and deadlocks; reads go where
 * {@link DataSources} routes them and move on to the next source if a replica is unreachable
 * (see {@link SqlRunner}). An unreachable primary fails the request with
 * {@link chorus.persistence.datasources.DatabaseUnavailableException}.
 * A failed request completes its stage exceptionally with the exception the work threw
 * (e.g. jOOQ's {@code DataAccessException}); use {@link #isUniqueViolation} and
 * {@link #violatedConstraint} to recognise duplicates.
 *
 * <p>Requests waiting for a worker are bounded ({@value #QUEUED_PER_WORKER} per worker):
 * beyond that a request fails at once with {@link RejectedExecutionException} rather than
 * queueing without end behind a slow database. A request that waited for a worker longer than
 * the queue deadline ({@link #DEFAULT_MAX_QUEUE_WAIT}) fails with
 * {@link QueueWaitTimeoutException} without running: by then its HTTP caller is better served
 * by a prompt 503 it can retry, and the workers by the requests that are still fresh. Stages
 * complete on the actor system's default dispatcher, never on a JDBC thread.
 *
 * <p>The pool lives as long as its actor system; a worker that fails is restarted.
 */
public final class PersistencePool {
  /** Config path of the dispatcher the workers run on; see {@link #dispatcherConfig}. */
  public static final String DISPATCHER = "chorus.persistence-dispatcher";
  /** As long as a request waits for a primary connection before it is a 503. */
  public static final Duration DEFAULT_MAX_QUEUE_WAIT = Duration.ofSeconds(5);
  static final int QUEUED_PER_WORKER = 256;

  private final ActorRef<PoolCoordinator.Command> coordinator;
  private final int workers;
  private final int maxPending;
  private final long maxQueueWaitNanos;
  private final AtomicInteger pending = new AtomicInteger();

  private PersistencePool(ActorRef<PoolCoordinator.Command> coordinator, int workers, Duration maxQueueWait) {
    this.coordinator = coordinator;
    this.workers = workers;
    this.maxPending = workers * QUEUED_PER_WORKER;
    this.maxQueueWaitNanos = maxQueueWait.toNanos();
  }

  /**
   * Starts {@code workers} workers against {@code primary}. The actor system's config must
   * contain {@link #dispatcherConfig} with as many threads as workers.
   */
  public static PersistencePool create(ActorSystem<?> system, DataSource primary, int workers) {
    return create(system, DataSources.primaryOnly(primary), workers);
  }

  /** As {@link #create(ActorSystem, DataSource, int)}, with the router's actor name chosen by the caller. */
  public static PersistencePool create(ActorSystem<?> system, String name, DataSource primary, int workers) {
    return create(system, name, DataSources.primaryOnly(primary), workers);
  }

  /** Starts {@code workers} workers routing over {@code sources} (primary, replicas, search replicas). */
  public static PersistencePool create(ActorSystem<?> system, DataSources sources, int workers) {
    return create(system, "persistence-pool-" + UUID.randomUUID().toString().substring(0, 8), sources, workers);
  }

  /** As {@link #create(ActorSystem, DataSources, int)}, with the coordinator's actor name chosen by the caller. */
  public static PersistencePool create(ActorSystem<?> system, String name, DataSources sources, int workers) {
    return create(system, name, sources, workers, DEFAULT_MAX_QUEUE_WAIT);
  }

  /** As {@link #create(ActorSystem, String, DataSources, int)}, with the queue deadline chosen by the caller. */
  public static PersistencePool create(
      ActorSystem<?> system, String name, DataSources sources, int workers, Duration maxQueueWait) {
    if (workers < 1) {
      throw new IllegalArgumentException("a persistence pool needs at least one worker, got " + workers);
    }
    if (!system.settings().config().hasPath(DISPATCHER)) {
      throw new IllegalStateException("the actor system has no " + DISPATCHER
          + " configured; merge PersistencePool.dispatcherConfig(threads) into its config");
    }
    if (maxQueueWait.isNegative() || maxQueueWait.isZero()) {
      throw new IllegalArgumentException("the queue deadline must be positive, got " + maxQueueWait);
    }
    Executor completer = system.executionContext();
    SqlRunner runner = new SqlRunner(new DataSourceRouting(sources));
    ActorRef<PoolCoordinator.Command> coordinator = system.systemActorOf(PoolCoordinator.create(
        runner, completer, workers, workers * QUEUED_PER_WORKER, DispatcherSelector.fromConfig(DISPATCHER)), name, Props.empty());
    return new PersistencePool(coordinator, workers, maxQueueWait);
  }

  /**
   * The dispatcher the workers block on: a fixed pool of {@code threads} threads, one
   * message at a time per worker so a busy worker does not hold a thread for a batch.
   */
  public static Config dispatcherConfig(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("the persistence dispatcher needs at least one thread, got " + threads);
    }
    return ConfigFactory.parseString(DISPATCHER + " {\n"
        + "  type = Dispatcher\n"
        + "  executor = \"thread-pool-executor\"\n"
        + "  thread-pool-executor { fixed-pool-size = " + threads + " }\n"
        + "  throughput = 1\n"
        + "}\n");
  }

  /** Runs a query where {@code where} allows, outside any explicit transaction. */
  public <T> CompletionStage<T> read(ReadPreference where, Function<DSLContext, T> query) {
    return submit(new Request<>(where, false, query, new CompletableFuture<>(), deadline()));
  }

  /** Runs {@code work} on the primary in one transaction: all of it commits, or none. */
  public <T> CompletionStage<T> write(Function<DSLContext, T> work) {
    return submit(new Request<>(ReadPreference.PRIMARY, true, work, new CompletableFuture<>(), deadline()));
  }

  public int workers() {
    return workers;
  }

  /** True when {@code failure}, or anything it wraps, is PostgreSQL's unique_violation (23505). */
  public static boolean isUniqueViolation(Throwable failure) {
    return SqlFailures.sqlState(failure).map(SqlFailures.UNIQUE_VIOLATION::equals).orElse(false);
  }

  /** The constraint a failure names (e.g. {@code users_email_key}), to tell duplicates apart. */
  public static Optional<String> violatedConstraint(Throwable failure) {
    return SqlFailures.constraint(failure);
  }

  /** The SQLSTATE of {@code failure} or of anything it wraps. */
  public static Optional<String> sqlState(Throwable failure) {
    return SqlFailures.sqlState(failure);
  }

  private <T> CompletionStage<T> submit(Request<T> request) {
    if (pending.incrementAndGet() > maxPending) {
      pending.decrementAndGet();
      return CompletableFuture.failedFuture(new RejectedExecutionException(
          "the persistence pool has " + maxPending + " requests waiting; the database is not keeping up"));
    }
    CompletableFuture<T> result = request.result();
    result.whenComplete((value, failure) -> pending.decrementAndGet());
    coordinator.tell(new PoolCoordinator.Submit(request));
    return result;
  }

  private long deadline() {
    return System.nanoTime() + maxQueueWaitNanos;
  }
}
