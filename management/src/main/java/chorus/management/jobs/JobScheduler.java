package chorus.management.jobs;

import chorus.persistence.jobs.JobRepository;
import chorus.persistence.pool.PersistencePool;
import chorus.protocol.api.Job;
import chorus.protocol.ids.Ids;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.IntSupplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduling leader: a cluster singleton on the nodes with {@code JobSettings.RunScheduler}
 * (cluster role {@value #ROLE}), so a node without it is never leader, and there is exactly one
 * leader while any node with it is up. Every {@code SchedulerIntervalMilliseconds}, and at once
 * when it starts (a new leader), it asks each {@link JobSchedule} for the slot due now and
 * inserts that slot's pending job unless the slot already has one ({@link
 * JobRepository#insertForSlot}). Because the slot's job is a row with a unique key rather than
 * the leader's memory, a leader change neither repeats a slot (the new leader's insert
 * conflicts) nor skips one (the new leader's first check inserts the slot its predecessor died
 * before inserting). It also deletes old finished jobs ({@code CleanupJobsThresholdDays}).
 *
 * <p>State: none beyond its timers; everything it knows is in the jobs table, so nothing is lost
 * when it stops or moves. Database failures are logged and retried at the next check.
 */
public final class JobScheduler extends AbstractBehavior<JobScheduler.Command> {
  /** The cluster role of nodes with {@code JobSettings.RunScheduler=true}. */
  public static final String ROLE = "chorus-scheduler";
  /** The singleton's name. */
  public static final String NAME = "chorus-job-scheduler";
  private static final Logger log = LoggerFactory.getLogger(JobScheduler.class);
  private static final Duration CLEANUP_EVERY = Duration.ofHours(1);
  private static final int CLEANUP_BATCH = 1000;

  public sealed interface Command {}

  private enum Check implements Command { INSTANCE }

  private enum Cleanup implements Command { INSTANCE }

  private record Inserted(String type, Instant slot, Optional<Job> job, Throwable failure) implements Command {}

  private record Cleaned(int deleted, Throwable failure) implements Command {}

  /**
   * What the leader needs.
   *
   * @param cleanupThresholdDays {@code CleanupJobsThresholdDays}, read at every cleanup ({@code -1}: keep jobs)
   */
  public record Deps(PersistencePool pool, JobRepository jobs, List<JobSchedule> schedules, Ids ids, Clock clock,
      Duration checkEvery, IntSupplier cleanupThresholdDays) {}

  private final Deps deps;

  private JobScheduler(ActorContext<Command> context, Deps deps) {
    super(context);
    this.deps = deps;
  }

  /** Starts the singleton's manager on this node, which must carry {@link #ROLE}. */
  public static void init(ActorSystem<?> system, Deps deps) {
    Behavior<Command> supervised = Behaviors.supervise(create(deps))
        .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2));
    ClusterSingleton.get(system).init(SingletonActor.of(supervised, NAME)
        .withSettings(ClusterSingletonSettings.create(system).withRole(ROLE)));
  }

  public static Behavior<Command> create(Deps deps) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Check.INSTANCE, deps.checkEvery());
      timers.startTimerWithFixedDelay(Cleanup.INSTANCE, CLEANUP_EVERY);
      context.getSelf().tell(Check.INSTANCE);
      context.getSelf().tell(Cleanup.INSTANCE);
      log.info("This node ({}) is the job scheduling leader; schedules: {}", context.getSystem().address(),
          deps.schedules().stream().map(JobSchedule::type).toList());
      return new JobScheduler(context, deps);
    }));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessageEquals(Check.INSTANCE, this::onCheck)
        .onMessageEquals(Cleanup.INSTANCE, this::onCleanup)
        .onMessage(Inserted.class, this::onInserted)
        .onMessage(Cleaned.class, this::onCleaned)
        .build();
  }

  private Behavior<Command> onCheck() {
    Instant now = deps.clock().instant();
    for (JobSchedule schedule : deps.schedules()) {
      Optional<Instant> slot;
      try {
        slot = schedule.slotAt(now);
      } catch (RuntimeException e) {
        log.warn("The {} schedule failed to compute its slot: {}", schedule.type(), e.toString());
        continue;
      }
      slot.ifPresent(at -> {
        String id = deps.ids().next();
        getContext().pipeToSelf(deps.pool().write(dsl -> deps.jobs().insertForSlot(dsl, id, schedule.type(), at.toString(),
                schedule.data(at))),
            (job, failure) -> new Inserted(schedule.type(), at, job == null ? Optional.empty() : job, failure));
      });
    }
    return this;
  }

  private Behavior<Command> onInserted(Inserted inserted) {
    if (inserted.failure() != null) {
      log.warn("Scheduling the {} job of slot {} failed; trying again at the next check: {}",
          inserted.type(), inserted.slot(), inserted.failure().toString());
    } else {
      inserted.job().ifPresent(job -> log.info("Scheduled {} job {} for slot {}", job.type(), job.id(),
          inserted.slot()));
    }
    return this;
  }

  private Behavior<Command> onCleanup() {
    int days = deps.cleanupThresholdDays().getAsInt();
    if (days >= 0) {
      long olderThan = Duration.ofDays(days).toMillis();
      getContext().pipeToSelf(deps.pool().write(dsl -> deps.jobs().deleteFinishedOlderThan(dsl, olderThan, CLEANUP_BATCH)),
          (deleted, failure) -> new Cleaned(deleted == null ? 0 : deleted, failure));
    }
    return this;
  }

  private Behavior<Command> onCleaned(Cleaned cleaned) {
    if (cleaned.failure() != null) {
      log.warn("Deleting old jobs failed: {}", cleaned.failure().toString());
    } else if (cleaned.deleted() == CLEANUP_BATCH) {
      getContext().getSelf().tell(Cleanup.INSTANCE); // more to delete: next batch now, not in an hour
    }
    return this;
  }
}
