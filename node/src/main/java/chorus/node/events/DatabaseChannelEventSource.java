package chorus.node.events;

import chorus.persistence.channels.ChannelEventRepository;
import chorus.persistence.channels.ChannelRepository;
import chorus.persistence.channels.StoredChannelEvent;
import chorus.persistence.pool.PersistencePool;
import chorus.persistence.pool.ReadPreference;
import chorus.protocol.cluster.ClusterEvent;
import chorus.protocol.ws.Broadcast;
import chorus.sharding.events.ChannelEventSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Missed channel events, read from the channels' logs on the primary: a gap is only noticed
 * after a later position committed, so the primary has every earlier one, while a replica
 * might not yet. Each event comes back as it was published, with the audience it had then.
 */
public final class DatabaseChannelEventSource implements ChannelEventSource {
  private final PersistencePool pool;
  private final ChannelEventRepository log;
  private final ChannelRepository channels;

  public DatabaseChannelEventSource(PersistencePool pool, ChannelEventRepository log, ChannelRepository channels) {
    this.pool = pool;
    this.log = log;
    this.channels = channels;
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
      EventAudiences audiences = new EventAudiences(channels.memberUserIds(dsl, channelId),
          log.membershipChangesAfter(dsl, channelId, afterPosition));
      return stored.stream()
          .map(e -> new ClusterEvent(e.id(), e.event(), e.data(), Broadcast.toChannel(e.channelId()), audiences.at(e.position()),
              e.position()))
          .toList();
    });
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
