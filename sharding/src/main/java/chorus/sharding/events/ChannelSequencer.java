package chorus.sharding.events;

import chorus.protocol.cluster.ClusterEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Puts each channel's durable events back into position order and says which ones are
 * missing. Pub-sub orders messages per sender only and delivers at most once, so events of
 * one channel made through different nodes can arrive out of order, and one can be lost; the
 * positions the database handed out (gapless per channel, in commit order) tell which.
 *
 * <p>An event at the next position is released at once, with every held event that follows
 * it. One further ahead is held, and its channel has a gap; a gap becomes due for repair
 * (reading the missing positions from the database) once its oldest held event has waited
 * {@code repairAfterMillis}, which leaves time for an event that is merely late to arrive.
 * An event at or below the last released position is a duplicate and is dropped. Events
 * without a position pass straight through.
 *
 * <p>A hub knows every channel's position when it starts ({@link #baseline}), so a channel it
 * has never seen is new and starts at 0. A connection knows only the channels it has had
 * events of ({@link #know}); the first event of any other channel is taken as it comes.
 *
 * <p>Not thread-safe: it lives inside one actor. Time is passed in, so the rules are tested
 * without a clock.
 */
public final class ChannelSequencer {
  /** Positions {@code after < p < before} of a channel are missing. */
  public record Gap(String channelId, long after, long before) {}

  private static final class Held {
    private final TreeMap<Long, ClusterEvent> events = new TreeMap<>();
    private long since;
    private boolean repairing;
  }

  private final boolean unknownChannelsAreNew;
  private final long repairAfterMillis;
  private final int maxHeldPerChannel;
  private final Map<String, Long> released = new HashMap<>();
  private final Map<String, Held> held = new HashMap<>();
  private long skipped;

  /**
   * @param unknownChannelsAreNew true for a hub (it loaded every channel's position at start), false
   *     for a connection (it only knows the channels it has seen)
   * @param maxHeldPerChannel a gap holding more events than this is due for repair at once
   */
  public ChannelSequencer(boolean unknownChannelsAreNew, long repairAfterMillis, int maxHeldPerChannel) {
    this.unknownChannelsAreNew = unknownChannelsAreNew;
    this.repairAfterMillis = repairAfterMillis;
    this.maxHeldPerChannel = maxHeldPerChannel;
  }

  /** Every channel's last position at a moment after which nothing may be missed. */
  public void baseline(Map<String, Long> heads) {
    heads.forEach(this::know);
  }

  /** Events of {@code channelId} up to {@code position} have been released (or are not owed). */
  public void know(String channelId, long position) {
    released.merge(channelId, position, Math::max);
  }

  /**
   * Takes an event as it arrives.
   *
   * @return the events now due, in order: the event itself and any held ones it unblocks, or
   *     nothing when it is held or a duplicate
   */
  public List<ClusterEvent> offer(ClusterEvent event, long now) {
    if (!event.hasPosition()) {
      return List.of(event);
    }
    String channel = event.channelId();
    Long last = released.get(channel);
    if (last == null) {
      if (!unknownChannelsAreNew) {
        released.put(channel, event.position());
        return List.of(event);
      }
      last = 0L;
      released.put(channel, 0L);
    }
    if (event.position() <= last) {
      return List.of();
    }
    if (event.position() == last + 1) {
      List<ClusterEvent> due = new ArrayList<>();
      due.add(event);
      released.put(channel, event.position());
      drain(channel, due);
      return due;
    }
    Held gap = held.computeIfAbsent(channel, c -> new Held());
    if (gap.events.isEmpty()) {
      gap.since = now;
    }
    gap.events.putIfAbsent(event.position(), event);
    return List.of();
  }

  /** Releases the held events that now follow without a gap. */
  private void drain(String channel, List<ClusterEvent> due) {
    Held gap = held.get(channel);
    if (gap == null) {
      return;
    }
    long next = released.get(channel) + 1;
    while (!gap.events.isEmpty() && gap.events.firstKey() <= next) {
      Map.Entry<Long, ClusterEvent> first = gap.events.pollFirstEntry();
      if (first.getKey() == next) {
        due.add(first.getValue());
        next++;
      }
    }
    released.put(channel, next - 1);
    if (gap.events.isEmpty() && !gap.repairing) {
      held.remove(channel);
    }
  }

  /**
   * Events read from the database for a gap (or for a channel found behind its head), in any
   * order. The read covered every position below {@code coveredBelow}: positions there that it
   * did not return no longer exist (the log was pruned) and are given up on, so a pruned log
   * never stalls a channel. A read cut short by its limit passes the position after its last
   * row, and {@code complete = false} makes what is still missing due for repair at once.
   *
   * @return the events now due, in order
   */
  public List<ClusterEvent> repaired(String channelId, List<ClusterEvent> events, long coveredBelow, boolean complete,
      long now) {
    long last = released.getOrDefault(channelId, 0L);
    TreeMap<Long, ClusterEvent> pending = new TreeMap<>();
    Held gap = held.remove(channelId);
    if (gap != null) {
      pending.putAll(gap.events);
    }
    events.stream().filter(e -> e.position() > last).forEach(e -> pending.putIfAbsent(e.position(), e));
    List<ClusterEvent> due = new ArrayList<>();
    long next = last;
    while (!pending.isEmpty()) {
      long position = pending.firstKey();
      if (position > next + 1 && next + 1 < coveredBelow) {
        long resumeAt = Math.min(position, coveredBelow);
        skipped += resumeAt - next - 1;
        next = resumeAt - 1;
      }
      if (position != next + 1) {
        break;
      }
      due.add(pending.pollFirstEntry().getValue());
      next = position;
    }
    if (pending.isEmpty() && next + 1 < coveredBelow && complete) {
      skipped += coveredBelow - next - 1;
      next = coveredBelow - 1;
    }
    released.put(channelId, next);
    if (!pending.isEmpty()) {
      Held rest = new Held();
      rest.events.putAll(pending);
      rest.since = complete ? now : Long.MIN_VALUE / 2;
      held.put(channelId, rest);
    }
    return due;
  }

  /**
   * The gaps whose wait is over and that are not being repaired yet; each is marked as being
   * repaired until {@link #repaired} or {@link #repairFailed} is called for its channel.
   */
  public List<Gap> gapsDue(long now) {
    List<Gap> due = new ArrayList<>();
    held.forEach((channel, gap) -> {
      if (!gap.repairing && !gap.events.isEmpty()
          && (now - gap.since >= repairAfterMillis || gap.events.size() > maxHeldPerChannel)) {
        gap.repairing = true;
        due.add(new Gap(channel, released.getOrDefault(channel, 0L), gap.events.firstKey()));
      }
    });
    return due;
  }

  /** A repair could not read the database: the gap becomes due again after another wait. */
  public void repairFailed(String channelId, long now) {
    Held gap = held.get(channelId);
    if (gap == null) {
      return;
    }
    if (gap.events.isEmpty()) {
      held.remove(channelId); // a lost tail: the next sweep finds it again
    } else {
      gap.repairing = false;
      gap.since = now;
    }
  }

  /**
   * A channel's head as the database reports it. When it is beyond what was released and no
   * held event already shows the gap, the tail was lost (its publisher died after the commit,
   * or pub-sub dropped it): the returned gap asks for everything after the released position.
   */
  public List<Gap> behind(String channelId, long head) {
    long last = released.getOrDefault(channelId, unknownChannelsAreNew ? 0L : head);
    Held gap = held.get(channelId);
    if (head <= last || (gap != null && (gap.repairing || (!gap.events.isEmpty() && gap.events.lastKey() >= head)))) {
      return List.of();
    }
    Held marker = held.computeIfAbsent(channelId, c -> new Held());
    marker.repairing = true;
    return List.of(new Gap(channelId, last, head + 1));
  }

  /** Whether any channel has a gap open. */
  public boolean hasGaps() {
    return !held.isEmpty();
  }

  /** The last released position per channel (a copy). */
  public Map<String, Long> positions() {
    return Map.copyOf(released);
  }

  public long position(String channelId) {
    return released.getOrDefault(channelId, 0L);
  }

  /** Channels with a gap open (for diagnostics). */
  public Set<String> channelsWithGaps() {
    return new HashSet<>(held.keySet());
  }

  /** Positions given up on because the database no longer had them. */
  public long skipped() {
    return skipped;
  }
}
