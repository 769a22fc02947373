package chorus.persistence.datasources;

import chorus.persistence.pool.ReadPreference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One generation of data sources: the primary, the read replicas and the search replicas,
 * opened together and retired together (a reload or recycle replaces the whole set).
 *
 * <p>{@link #candidates} is the routing rule, in the order a read tries them: PRIMARY → the
 * primary; REPLICA → healthy read replicas round-robin, then the primary; SEARCH → healthy
 * search replicas round-robin, then healthy read replicas, then the primary. The primary ends
 * every list, so a read always has somewhere to go when every replica is out.
 */
final class SourceSet {
  private final long generation;
  private final Source primary;
  private final List<Source> replicas;
  private final List<Source> searchReplicas;
  private final AtomicInteger nextReplica = new AtomicInteger();
  private final AtomicInteger nextSearchReplica = new AtomicInteger();

  SourceSet(long generation, Source primary, List<Source> replicas, List<Source> searchReplicas) {
    this.generation = generation;
    this.primary = primary;
    this.replicas = List.copyOf(replicas);
    this.searchReplicas = List.copyOf(searchReplicas);
  }

  long generation() {
    return generation;
  }

  Source primary() {
    return primary;
  }

  /** The replicas the monitor probes: read and search replicas. */
  List<Source> allReplicas() {
    return Stream.concat(replicas.stream(), searchReplicas.stream()).toList();
  }

  List<Source> all() {
    return Stream.concat(Stream.of(primary), allReplicas().stream()).toList();
  }

  List<Source> candidates(ReadPreference where) {
    List<Source> order = new ArrayList<>(replicas.size() + searchReplicas.size() + 1);
    switch (where) {
      case PRIMARY -> { }
      case REPLICA -> addHealthy(order, replicas, nextReplica);
      case SEARCH -> {
        addHealthy(order, searchReplicas, nextSearchReplica);
        addHealthy(order, replicas, nextReplica);
      }
    }
    order.add(primary);
    return order;
  }

  /** Healthy members of {@code sources}, starting one further along each call (round-robin). */
  private static void addHealthy(List<Source> order, List<Source> sources, AtomicInteger next) {
    int size = sources.size();
    if (size == 0) {
      return;
    }
    int start = Math.floorMod(next.getAndIncrement(), size);
    for (int i = 0; i < size; i++) {
      Source source = sources.get((start + i) % size);
      if (source.healthy()) {
        order.add(source);
      }
    }
  }

  int inFlight() {
    return all().stream().mapToInt(Source::inFlight).sum();
  }

  void close() {
    all().forEach(Source::close);
  }
}
