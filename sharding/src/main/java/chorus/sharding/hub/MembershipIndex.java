package chorus.sharding.hub;

import chorus.protocol.cluster.ClusterEvent;
import chorus.protocol.ws.EventType;
import chorus.sharding.events.ChannelMembers;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A hub's own knowledge of channels' members, so that a channel event need not carry its
 * audience to every node: a post then costs every node the same whatever the channel's size,
 * and typing needs no database read.
 *
 * <p><b>Why it is exact.</b> The hub hands this index a channel's durable events in position
 * order (its {@link chorus.sharding.events.ChannelSequencer} releases nothing else), and a
 * channel's members change only in the transaction that logs a join or leave at the channel's
 * next position. So a channel's members at position {@code p} are the members read at some
 * position {@code q} plus the joins and leaves between: below {@code q} they come from the
 * read's own change list ({@link ChannelMembers#at}), above it from the membership events as
 * they pass. A channel is read when its first event that needs members arrives; its events
 * wait, in order, until the read is back. Whenever the index cannot follow (positions skipped
 * because the log was pruned under a gap, a join or leave from a node that does not name its
 * user, an event older than what the last read covers), it reads the channel again rather than
 * guess.
 *
 * <p>Events that carry their audience (from a node of the release before, or read back from
 * the database) are delivered to it, but still move the index along when their channel has one.
 * Events of a channel being read wait behind the read whatever they carry, so a channel's
 * events keep their order.
 *
 * <p>Memory is bounded by {@code memberBudget} members across channels: past it the channels
 * that had no event for longest are forgotten and read again when they next need it. A
 * channel's waiting events are bounded too; past the bound an event is dropped and counted
 * (a connection repairs a missing durable event from the database itself).
 *
 * <p>Not thread-safe: it lives inside the hub. Rules tested without actors
 * ({@code MembershipIndexTest}).
 */
final class MembershipIndex {
  /** An event and the members it goes to (null: it is for one user or for everyone). */
  record Addressed(ClusterEvent event, Set<String> audience) {}

  /** Read the members of {@code channelId}, with its joins and leaves after {@code changesAfter}. */
  record Load(String channelId, long changesAfter) {}

  /** Events now due, in order, and a read to start (null when none). */
  record Step(List<Addressed> due, Load load) {
    static final Step NOTHING = new Step(List.of(), null);
  }

  private static final class Entry {
    private Set<String> members = new HashSet<>();
    /** The position {@link #members} are at. */
    private long position;
    /** The last read, while events it already counted may still come. */
    private ChannelMembers read;
    /** Positions after which {@link #read} has every join and leave. */
    private long readChangesAfter;
    /** Non-null while a read is on its way. */
    private ArrayDeque<ClusterEvent> waiting;
    private Load loading;
    /** The first event after a read is taken at whatever position the read could see. */
    private boolean justRead;
  }

  private final Map<String, Entry> channels = new LinkedHashMap<>(64, 0.75f, true);
  private final long memberBudget;
  private final int maxWaiting;
  private long members;
  private long dropped;

  MembershipIndex(long memberBudget, int maxWaiting) {
    this.memberBudget = memberBudget;
    this.maxWaiting = maxWaiting;
  }

  /** Takes an event the sequencer released (or one without a position, as it arrived). */
  Step take(ClusterEvent event) {
    String channel = event.broadcast().channelId();
    boolean channelEvent = channel != null && !channel.isEmpty();
    if (!channelEvent || (!event.hasPosition() && !event.needsChannelMembers())) {
      return new Step(List.of(new Addressed(event, event.audience())), null);
    }
    Entry entry = channels.get(channel);
    if (entry != null && entry.waiting != null) {
      enqueue(entry, event);
      return Step.NOTHING;
    }
    if (entry == null) {
      if (!event.needsChannelMembers()) {
        return new Step(List.of(new Addressed(event, event.audience())), null);
      }
      entry = new Entry();
      channels.put(channel, entry);
      return new Step(List.of(), readAgain(channel, entry, event));
    }
    List<Addressed> due = new ArrayList<>(1);
    Load load = advance(channel, entry, event, due);
    return new Step(due, load);
  }

  /** What {@code load} read; a read the channel no longer waits for is ignored. */
  Step loaded(Load load, ChannelMembers read) {
    String channel = load.channelId();
    Entry entry = channels.get(channel);
    if (entry == null || !load.equals(entry.loading)) {
      return Step.NOTHING;
    }
    members -= entry.members.size();
    entry.members = new HashSet<>(read.members());
    members += entry.members.size();
    entry.position = read.head();
    entry.read = read;
    entry.readChangesAfter = entry.loading.changesAfter();
    entry.loading = null;
    entry.justRead = true;
    ArrayDeque<ClusterEvent> waiting = entry.waiting;
    entry.waiting = null;
    List<Addressed> due = new ArrayList<>(waiting.size());
    while (!waiting.isEmpty()) {
      Load again = advance(channel, entry, waiting.poll(), due);
      if (again != null) {
        entry.waiting.addAll(waiting);
        return new Step(due, again);
      }
      if (channels.get(channel) != entry) {
        return takeRest(waiting, due);
      }
    }
    evictBeyondBudget(channel);
    return new Step(due, null);
  }

  /** The channel was forgotten while its waiting events were taken: the rest start afresh. */
  private Step takeRest(ArrayDeque<ClusterEvent> rest, List<Addressed> due) {
    Load load = null;
    for (ClusterEvent event : rest) {
      Step step = take(event);
      due.addAll(step.due());
      load = step.load() != null ? step.load() : load;
    }
    return new Step(due, load);
  }

  /** The read failed: the channel's events keep waiting; the returned read is to be tried again later. */
  Load loadFailed(String channel) {
    Entry entry = channels.get(channel);
    return entry == null ? null : entry.loading;
  }

  /** Channels known or being read. */
  int channels() {
    return channels.size();
  }

  /** Members held across channels. */
  long members() {
    return members;
  }

  /** Events dropped because their channel's read kept them waiting too long. */
  long dropped() {
    return dropped;
  }

  private Load advance(String channel, Entry entry, ClusterEvent event, List<Addressed> due) {
    if (!event.hasPosition()) {
      due.add(new Addressed(event, entry.members));
      return null;
    }
    long position = event.position();
    if (entry.justRead && position > entry.position + 1) {
      // The read could not see this event yet: take the members it found as those before it.
      entry.position = position - 1;
    }
    entry.justRead = false;
    if (position == entry.position + 1) {
      if (isMembershipChange(event) && !apply(entry, event)) {
        return cannotFollow(channel, entry, event, due);
      }
      entry.position = position;
      entry.read = null;
      due.add(new Addressed(event, event.needsChannelMembers() ? entry.members : event.audience()));
      return null;
    }
    if (entry.read != null && position <= entry.read.head() && position > entry.readChangesAfter) {
      due.add(new Addressed(event, event.needsChannelMembers() ? entry.read.at(position) : event.audience()));
      if (position == entry.read.head()) {
        entry.read = null;
      }
      return null;
    }
    return cannotFollow(channel, entry, event, due);
  }

  /** Positions were skipped, or the event is older than what the last read covers: read the channel again. */
  private Load cannotFollow(String channel, Entry entry, ClusterEvent event, List<Addressed> due) {
    if (!event.needsChannelMembers()) {
      forget(channel, entry);
      due.add(new Addressed(event, event.audience()));
      return null;
    }
    return readAgain(channel, entry, event);
  }

  private Load readAgain(String channel, Entry entry, ClusterEvent first) {
    entry.waiting = new ArrayDeque<>();
    entry.waiting.add(first);
    entry.loading = new Load(channel, first.hasPosition() ? first.position() - 1 : Long.MAX_VALUE);
    return entry.loading;
  }

  private void enqueue(Entry entry, ClusterEvent event) {
    if (entry.waiting.size() >= maxWaiting) {
      dropped++;
    } else {
      entry.waiting.add(event);
    }
  }

  private static boolean isMembershipChange(ClusterEvent event) {
    return EventType.USER_ADDED.equals(event.event()) || EventType.USER_REMOVED.equals(event.event());
  }

  /** Applies a join or leave; false when the event does not say whose it is. */
  private boolean apply(Entry entry, ClusterEvent event) {
    String user = event.subjectUserId();
    if (user.isEmpty()) {
      return false;
    }
    // A new set: events already addressed keep the members they were addressed to.
    Set<String> after = new HashSet<>(entry.members);
    if (EventType.USER_ADDED.equals(event.event())) {
      after.add(user);
    } else {
      after.remove(user);
    }
    members += after.size() - entry.members.size();
    entry.members = after;
    return true;
  }

  private void forget(String channel, Entry entry) {
    members -= entry.members.size();
    channels.remove(channel);
  }

  /** Forgets the channels whose last event is oldest, but never one being read or {@code keep}. */
  private void evictBeyondBudget(String keep) {
    Iterator<Map.Entry<String, Entry>> eldest = channels.entrySet().iterator();
    while (members > memberBudget && eldest.hasNext()) {
      Map.Entry<String, Entry> next = eldest.next();
      if (next.getValue().loading == null && !next.getKey().equals(keep)) {
        members -= next.getValue().members.size();
        eldest.remove();
      }
    }
  }
}
