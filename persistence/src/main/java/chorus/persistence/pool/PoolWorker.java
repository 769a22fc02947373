package chorus.persistence.pool;

import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * One JDBC worker of the persistence pool. It runs on the dedicated persistence dispatcher
 * and blocks its thread for the duration of one request, so the pool's thread count bounds
 * the connections in use. It asks its {@link PoolCoordinator} for work when it starts and
 * after every request. It holds no state: a restart (after a bug in the worker itself) loses
 * nothing but the request that was running, whose caller has already been failed.
 */
final class PoolWorker extends AbstractBehavior<PoolWorker.Command> {

  sealed interface Command {}

  /** Run the request and complete its future. */
  record Execute(Request<?> request) implements Command {}

  private final SqlRunner runner;
  private final Executor completer;
  private final ActorRef<PoolCoordinator.Command> coordinator;

  static Behavior<Command> create(SqlRunner runner, Executor completer, ActorRef<PoolCoordinator.Command> coordinator) {
    return Behaviors.setup(context -> {
      coordinator.tell(new PoolCoordinator.WorkerReady(context.getSelf()));
      return new PoolWorker(context, runner, completer, coordinator);
    });
  }

  private PoolWorker(
      ActorContext<Command> context, SqlRunner runner, Executor completer, ActorRef<PoolCoordinator.Command> coordinator) {
    super(context);
    this.runner = runner;
    this.completer = completer;
    this.coordinator = coordinator;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Execute.class, this::onExecute)
        .build();
  }

  private Behavior<Command> onExecute(Execute execute) {
    execute.request().runWith(runner, completer);
    coordinator.tell(new PoolCoordinator.WorkerReady(getContext().getSelf()));
    return this;
  }
}
