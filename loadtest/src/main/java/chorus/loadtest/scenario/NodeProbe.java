package chorus.loadtest.scenario;

import java.util.List;
import java.util.Optional;

/**
 * Reads a node process's memory when the benchmark started that process itself; a node
 * reached only by URL cannot be probed, and scenarios then report memory as unknown.
 */
public interface NodeProbe {

  /** Heap in use right after a full GC, and resident set size, in bytes. */
  record Memory(long heapAfterGcBytes, long rssBytes) {}

  Optional<Memory> memoryAfterGc();

  /** The node's heap by class (largest first, {@code jcmd GC.class_histogram}), or empty. */
  default List<String> classHistogram(int lines) {
    return List.of();
  }

  NodeProbe NONE = Optional::empty;
}
