package chorus.sharding.testing;

import chorus.protocol.cluster.ClusterEvent;
import chorus.sharding.events.ChannelEventSource;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Channel logs in memory, standing in for the channel_events table; counts reads. */
public final class InMemoryChannelEvents implements ChannelEventSource {
  private final Map<String, TreeMap<Long, ClusterEvent>> logs = new ConcurrentHashMap<>();
  private final AtomicInteger reads = new AtomicInteger();

  /** Stores an event as the committing transaction would. */
  public synchronized void store(ClusterEvent event) {
    logs.computeIfAbsent(event.channelId(), c -> new TreeMap<>()).put(event.position(), event);
  }

  public int reads() {
    return reads.get();
  }

  @Override
  public synchronized CompletionStage<Map<String, Long>> heads() {
    Map<String, Long> heads = new ConcurrentHashMap<>();
    logs.forEach((channel, log) -> heads.put(channel, log.lastKey()));
    return CompletableFuture.completedFuture(heads);
  }

  @Override
  public synchronized CompletionStage<List<ClusterEvent>> after(String channelId, long afterPosition, int limit) {
    reads.incrementAndGet();
    TreeMap<Long, ClusterEvent> log = logs.getOrDefault(channelId, new TreeMap<>());
    return CompletableFuture.completedFuture(log.tailMap(afterPosition, false).values().stream().limit(limit).toList());
  }

  @Override
  public CompletionStage<Map<String, Long>> settledHeads(long windowMillis, long minAgeMillis) {
    return heads();
  }
}
