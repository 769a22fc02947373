package chorus.loadtest.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/** Runs {@code count} asynchronous tasks with at most {@code parallelism} in flight; results in task order, null where a task gave null. */
final class Bounded {
  private Bounded() {}

  static <T> List<T> run(int count, int parallelism, IntFunction<CompletionStage<T>> task) {
    List<T> results = Collections.synchronizedList(new ArrayList<>(Collections.nCopies(count, null)));
    AtomicInteger next = new AtomicInteger();
    List<CompletableFuture<Void>> workers = new ArrayList<>();
    for (int w = 0; w < Math.min(parallelism, count); w++) {
      workers.add(worker(next, count, task, results));
    }
    CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).join();
    // Not List.copyOf: a task may complete with null (a socket that failed to connect, a Void).
    synchronized (results) {
      return Collections.unmodifiableList(new ArrayList<>(results));
    }
  }

  private static <T> CompletableFuture<Void> worker(
      AtomicInteger next, int count, IntFunction<CompletionStage<T>> task, List<T> results) {
    int i = next.getAndIncrement();
    if (i >= count) {
      return CompletableFuture.completedFuture(null);
    }
    return task.apply(i).toCompletableFuture()
        .thenCompose(result -> {
          results.set(i, result);
          return worker(next, count, task, results);
        });
  }
}
