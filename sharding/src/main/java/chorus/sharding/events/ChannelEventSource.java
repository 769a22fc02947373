package chorus.sharding.events;

import chorus.protocol.cluster.ClusterEvent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Where hubs and connections read channel events they missed: the channels' event logs in
 * the database, read on the primary (a gap is only ever noticed after a later position
 * committed, so the primary has every earlier one). The node implements it; none of the
 * methods may block the calling thread, and a failed stage means the database did not answer.
 */
public interface ChannelEventSource {
  /** Every channel's last position (channels without events may be left out). */
  CompletionStage<Map<String, Long>> heads();

  /**
   * The channel's events after {@code afterPosition} in position order, at most {@code limit},
   * each with the audience it had when it was made.
   */
  CompletionStage<List<ClusterEvent>> after(String channelId, long afterPosition, int limit);

  /**
   * The channel's members and head in one snapshot, with its joins and leaves after
   * {@code changesAfter}; an unknown channel has head 0 and no members.
   */
  CompletionStage<ChannelMembers> members(String channelId, long changesAfter);

  /**
   * The last position of every channel that had an event within {@code windowMillis}, if that
   * event was stored at least {@code minAgeMillis} ago (younger ones may still be on their way
   * through pub-sub).
   */
  CompletionStage<Map<String, Long>> settledHeads(long windowMillis, long minAgeMillis);
}
