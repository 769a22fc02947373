package chorus.persistence.pool;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Hands the persistence pool's requests to its workers as they become free (work pulling):
 * a worker announces itself ready when it starts and after each request, and gets the oldest
 * live request of the one {@link RequestQueue}, or waits among the idle ones. So a request
 * waits only while every worker is busy, never behind one slow statement.
 *
 * <p>It runs on the default dispatcher, never on the workers' blocking one, whose threads may
 * all be inside JDBC calls. State: the queue and the idle workers; if it stops (only with its
 * actor system), so does the pool. A worker that fails is restarted and announces itself again.
 */
final class PoolCoordinator extends AbstractBehavior<PoolCoordinator.Command> {
  private static final Duration RESTART_MIN = Duration.ofMillis(100);
  private static final Duration RESTART_MAX = Duration.ofSeconds(5);

  sealed interface Command {}

  record Submit(Request<?> request) implements Command {}

  record WorkerReady(ActorRef<PoolWorker.Command> worker) implements Command {}

  private final Executor completer;
  private final RequestQueue queue;
  private final ArrayDeque<ActorRef<PoolWorker.Command>> idle = new ArrayDeque<>();

  static Behavior<Command> create(SqlRunner runner, Executor completer, int workers, int capacity, DispatcherSelector blocking) {
    return Behaviors.setup(context -> {
      for (int i = 0; i < workers; i++) {
        context.spawn(Behaviors.supervise(PoolWorker.create(runner, completer, context.getSelf()))
            .onFailure(SupervisorStrategy.restartWithBackoff(RESTART_MIN, RESTART_MAX, 0.2)), "worker-" + i, blocking);
      }
      return new PoolCoordinator(context, completer, new RequestQueue(capacity));
    });
  }

  private PoolCoordinator(ActorContext<Command> context, Executor completer, RequestQueue queue) {
    super(context);
    this.completer = completer;
    this.queue = queue;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Submit.class, this::onSubmit)
        .onMessage(WorkerReady.class, this::onWorkerReady)
        .build();
  }

  private Behavior<Command> onSubmit(Submit submit) {
    // Workers are idle only while the queue is empty, so the request goes straight to one.
    ActorRef<PoolWorker.Command> worker = idle.poll();
    if (worker != null) {
      worker.tell(new PoolWorker.Execute(submit.request()));
    } else if (!queue.offer(submit.request())) {
      submit.request().result().completeExceptionally(new RejectedExecutionException("the persistence pool's queue is full"));
    }
    return this;
  }

  private Behavior<Command> onWorkerReady(WorkerReady ready) {
    queue.next(System.nanoTime(), completer).ifPresentOrElse(
        request -> ready.worker().tell(new PoolWorker.Execute(request)),
        () -> idle.add(ready.worker()));
    return this;
  }
}
