package chorus.sharding.testing;

import chorus.protocol.cluster.ClusterEvent;
import chorus.protocol.ws.EventType;
import chorus.sharding.events.ChannelEventSource;
import chorus.sharding.events.ChannelMembers;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Channel logs and members in memory, standing in for the channel_events and channel_members
 * tables; counts reads.
 */
public final class InMemoryChannelEvents implements ChannelEventSource {
  private final Map<String, TreeMap<Long, ClusterEvent>> logs = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> members = new ConcurrentHashMap<>();
  private final AtomicInteger reads = new AtomicInteger();
  private final AtomicInteger memberReads = new AtomicInteger();

  /** Stores an event as the committing transaction would; a join or leave changes the members with it. */
  public synchronized void store(ClusterEvent event) {
    logs.computeIfAbsent(event.channelId(), c -> new TreeMap<>()).put(event.position(), event);
    if (!event.subjectUserId().isEmpty()) {
      Set<String> now = members.computeIfAbsent(event.channelId(), c -> new HashSet<>());
      if (EventType.USER_ADDED.equals(event.event())) {
        now.add(event.subjectUserId());
      } else {
        now.remove(event.subjectUserId());
      }
    }
  }

  /** Members the channel had before its log began. */
  public synchronized void members(String channelId, Set<String> users) {
    members.put(channelId, new HashSet<>(users));
  }

  public int reads() {
    return reads.get();
  }

  public int memberReads() {
    return memberReads.get();
  }

  @Override
  public synchronized CompletionStage<ChannelMembers> members(String channelId, long changesAfter) {
    memberReads.incrementAndGet();
    TreeMap<Long, ClusterEvent> log = logs.getOrDefault(channelId, new TreeMap<>());
    List<ChannelMembers.Change> changes = log.tailMap(changesAfter, false).values().stream()
        .filter(e -> !e.subjectUserId().isEmpty())
        .map(e -> new ChannelMembers.Change(e.position(), e.subjectUserId(), EventType.USER_ADDED.equals(e.event())))
        .toList();
    return CompletableFuture.completedFuture(new ChannelMembers(log.isEmpty() ? 0 : log.lastKey(),
        members.getOrDefault(channelId, Set.of()), changes));
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
