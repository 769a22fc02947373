package chorus.persistence.pool;

/**
 * How many {@link PoolWorker}s (and persistence-dispatcher threads) a node runs: at most
 * {@code SqlSettings.MaxOpenConns}, and no more than {@value #PER_PROCESSOR} per processor of
 * the node, with a floor of {@value #MINIMUM}.
 *
 * <p>Mattermost's default {@code MaxOpenConns} of 300 costs a Go server nothing while the
 * connections are idle, but here every worker is a thread. A worker is busy for a statement's
 * round trip and most of that time waits on the socket, so a few per processor already keep
 * the node's CPUs fed: on 2 processors, 16, 32, 64 and 300 workers posted equally fast under
 * 32 clients (README, "Concurrent posts" and "The persistence pool"). Past that, more workers
 * only add threads that wake, contend and hold stacks. The floor leaves room for slow
 * statements (a search or an export query taking seconds) to run beside the fast ones on a
 * small node. {@code MaxOpenConns} stays the cap: it is the number of connections the operator
 * allowed, and a worker without a connection could only wait for one.
 */
public final class PoolWorkers {
  static final int PER_PROCESSOR = 16;
  static final int MINIMUM = 32;

  private PoolWorkers() {
  }

  /** The worker count for a node with {@code processors} processors and {@code maxOpenConns} connections. */
  public static int forMachine(int maxOpenConns, int processors) {
    if (maxOpenConns < 1 || processors < 1) {
      throw new IllegalArgumentException("need at least one connection and one processor, got "
          + maxOpenConns + " and " + processors);
    }
    return Math.min(maxOpenConns, Math.max(MINIMUM, PER_PROCESSOR * processors));
  }
}
