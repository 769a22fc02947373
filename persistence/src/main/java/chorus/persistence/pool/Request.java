package chorus.persistence.pool;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.jooq.DSLContext;

/**
 * One piece of SQL work and the future its caller holds. The future is completed on
 * {@code completer}, never on the worker's thread: a caller's continuation must not run on
 * (or block) the JDBC dispatcher, or a continuation that waits for another query could
 * starve the pool it waits on. Only when the completer refuses work (the actor system is
 * shutting down) is the future completed in place, so no caller is left waiting.
 */
record Request<T>(ReadPreference where, boolean write, Function<DSLContext, T> work, CompletableFuture<T> result) {

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

  private static void complete(Executor completer, Runnable completion) {
    try {
      completer.execute(completion);
    } catch (RejectedExecutionException e) {
      completion.run();
    }
  }
}
