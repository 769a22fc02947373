package chorus.persistence.pool;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.jooq.DSLContext;

/**
 * One piece of SQL work, the future its caller holds, and the moment (in {@link System#nanoTime}
 * terms) after which it is no longer worth starting. The future is completed on
 * {@code completer}, never on the worker's thread: a caller's continuation must not run on
 * (or block) the JDBC dispatcher, or a continuation that waits for another query could
 * starve the pool it waits on. Only when the completer refuses work (the actor system is
 * shutting down) is the future completed in place, so no caller is left waiting.
 */
record Request<T>(
    ReadPreference where, boolean write, Function<DSLContext, T> work, CompletableFuture<T> result, long deadlineNanos) {

  void runWith(SqlRunner runner, Executor completer) {
    T value;
    try {
      value = write ? runner.write(work) : runner.read(where, work);
    } catch (RuntimeException e) {
      complete(completer, () -> result.completeExceptionally(e));
      return;
    } catch (Error e) {
      complete(completer, () -> result.completeExceptionally(e));
      throw e;
    }
    complete(completer, () -> result.complete(value));
  }

  /** Past its deadline, or its caller has already cancelled it. */
  boolean expiredAt(long nowNanos) {
    return nowNanos - deadlineNanos > 0 || result.isDone();
  }

  /** Fails the request without running it (a cancelled one is left as it is). */
  void failExpired(Executor completer) {
    complete(completer, () -> result.completeExceptionally(new QueueWaitTimeoutException(
        "waited for a database worker past its deadline; not run")));
  }

  private static void complete(Executor completer, Runnable completion) {
    try {
      completer.execute(completion);
    } catch (RejectedExecutionException e) {
      completion.run();
    }
  }
}
