package chorus.node.events;

import chorus.persistence.channels.ChannelEventRepository;
import chorus.persistence.channels.ChannelMembership;
import chorus.persistence.channels.StoredChannelEvent;
import chorus.persistence.pool.PersistencePool;
import chorus.persistence.pool.ReadPreference;
import chorus.protocol.cluster.ClusterEvent;
import chorus.protocol.ws.Broadcast;
import chorus.protocol.ws.EventType;
import chorus.sharding.events.ChannelEventSource;
import chorus.sharding.events.ChannelMembers;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Missed channel events, read from the channels' logs on the primary: a gap is only noticed
 * after a later position committed, so the primary has every earlier one, while a replica
 * might not yet. Each event comes back as it was published, with the audience it had then
 * (whether or not it was published with it).
 */
public final class DatabaseChannelEventSource implements ChannelEventSource {
  private final PersistencePool pool;
  private final ChannelEventRepository log;

  public DatabaseChannelEventSource(PersistencePool pool, ChannelEventRepository log) {
    this.pool = pool;
    this.log = log;
  }

  @Override
  public CompletionStage<Map<String, Long>> heads() {
    return pool.read(ReadPreference.PRIMARY, log::heads);
  }

  @Override
  public CompletionStage<List<ClusterEvent>> after(String channelId, long afterPosition, int limit) {
    return pool.read(ReadPreference.PRIMARY, dsl -> {
      List<StoredChannelEvent> stored = log.after(dsl, channelId, afterPosition, limit);
      if (stored.isEmpty()) {
        return List.of();
      }
      ChannelMembers members = members(log.membership(dsl, channelId, afterPosition));
      return stored.stream()
          .map(e -> new ClusterEvent(e.id(), e.event(), e.data(), Broadcast.toChannel(e.channelId()), members.at(e.position()),
              e.position(), e.subjectUserId()))
          .toList();
    });
  }

  @Override
  public CompletionStage<ChannelMembers> members(String channelId, long changesAfter) {
    return pool.read(ReadPreference.PRIMARY, dsl -> members(log.membership(dsl, channelId, changesAfter)));
  }

  private static ChannelMembers members(ChannelMembership read) {
    return new ChannelMembers(read.head(), read.members(), read.changes().stream()
        .map(change -> new ChannelMembers.Change(change.position(), change.subjectUserId(), EventType.USER_ADDED.equals(change.event())))
        .toList());
  }

  @Override
  public CompletionStage<Map<String, Long>> settledHeads(long windowMillis, long minAgeMillis) {
    return pool.read(ReadPreference.PRIMARY, dsl -> {
      Map<String, Long> heads = new HashMap<>();
      log.recentHeads(dsl, windowMillis).stream()
          .filter(head -> head.ageMillis() >= minAgeMillis)
          .forEach(head -> heads.put(head.channelId(), head.position()));
      return heads;
    });
  }
}
