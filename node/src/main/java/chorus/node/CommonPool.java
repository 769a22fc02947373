package chorus.node;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;

/**
 * Keeps asynchronous completions off thread creation. {@link CompletableFuture} runs its
 * {@code *Async} stages on {@link ForkJoinPool#commonPool()}, and so does every stage chained
 * on a {@code CompletionStage} that Pekko's Java API returns (Scala's converted futures make
 * each of their stages asynchronous). But when the common pool's parallelism is 1, which the
 * JDK chooses on a machine with two cores, CompletableFuture starts a new thread for each such
 * stage instead. A request chains several: a 2-core node under load started about 170 threads
 * a second (JFR, scenario (c)). A parallelism of at least 2 avoids that.
 */
final class CommonPool {
  static final String PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

  private CommonPool() {}

  /**
   * Raises the common pool's parallelism to at least 2 unless the operator chose one. Only
   * effective before anything has used the common pool: call it first thing in {@code main}.
   */
  static void ensureParallel() {
    if (System.getProperty(PARALLELISM) == null) {
      System.setProperty(PARALLELISM, Integer.toString(Math.max(2, Runtime.getRuntime().availableProcessors() - 1)));
    }
  }

  /** Whether asynchronous completions in this JVM each start a thread. */
  static boolean startsThreadPerTask() {
    return !(new CompletableFuture<Void>().defaultExecutor() instanceof ForkJoinPool);
  }
}
