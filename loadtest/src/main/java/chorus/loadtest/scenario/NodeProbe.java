package chorus.loadtest.scenario;

import java.util.Optional;

/**
 * Reads a node process's memory when the benchmark started that process itself; a node
 * reached only by URL cannot be probed, and scenarios then report memory as unknown.
 */
public interface NodeProbe {

  /** Heap in use right after a full GC, and resident set size, in bytes. */
  record Memory(long heapAfterGcBytes, long rssBytes) {}

  Optional<Memory> memoryAfterGc();

  NodeProbe NONE = Optional::empty;
}
