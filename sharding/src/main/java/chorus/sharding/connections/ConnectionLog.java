package chorus.sharding.connections;

import chorus.protocol.cluster.ClusterEvent;
import chorus.protocol.cluster.ConnectionState;
import chorus.protocol.cluster.ConnectionState.SentFrame;
import chorus.sharding.events.ChannelSequencer;
import chorus.sharding.hub.Targeting;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one WebSocket connection has been sent and still owes, independent of any socket:
 * Mattermost's reliable-websocket queues (reference E.1) as one sequence of frames. Every
 * event it accepts gets the next {@code seq}; the newest frames are kept, so that a client
 * reconnecting with {@code sequence_number} can be given exactly the frames from there on, with
 * their original seq values.
 *
 * <p>A kept frame is its event and seq, rendered again for a resume or a handoff (rare), not
 * its text: the event is one object shared by every connection it went to, the text each
 * connection's own copy (about 0.9 KB for a post). Kept as text, 120 frames of posts held about
 * 105 KB per connection. Frames restored from another node arrive as text and are kept as such.
 *
 * <p>Kept: every frame not yet handed to a socket (at most {@value #QUEUE_SIZE}: a connection
 * that falls further behind cannot be resumed and is {@link #lost()}), every frame the socket
 * may not have written yet, and the {@value #RING_SIZE} before them (the "dead queue").
 *
 * <p>It also keeps each channel's durable events in position order (a {@link ChannelSequencer}
 * seeded with the positions the connection already has), which matters when the connection
 * moves between nodes: the node it came from forwards what its hub still delivers, the new
 * node's hub delivers the same events, and either may be ahead; and it drops an event it has
 * already sequenced (by id), so a move never duplicates one.
 *
 * <p>Not thread-safe: it lives inside the connection's actor.
 */
public final class ConnectionLog {
  public static final int RING_SIZE = 128;
  public static final int QUEUE_SIZE = 256;
  static final int RECENT_IDS = 512;
  /** A handoff without a known sequence number ships at most this tail of frames. */
  static final int HANDOFF_FRAMES = 64;
  static final int HANDOFF_BYTES = 192 * 1024;

  /** Renders an event as the frame a client receives, with its seq. */
  @FunctionalInterface
  public interface FrameRenderer {
    String render(ClusterEvent event, long seq);
  }

  private final String connectionId;
  private final String userId;
  private final String sessionId;
  private final FrameRenderer renderer;
  private final ChannelSequencer channels;
  private final ArrayDeque<Kept> frames = new ArrayDeque<>();
  private final LinkedHashSet<String> recentIds = new LinkedHashSet<>();
  private long nextSeq;
  private long handedOutUpTo;
  private int reuseCount;
  private boolean lost;

  private ConnectionLog(String connectionId, String userId, String sessionId, FrameRenderer renderer, long repairAfterMillis) {
    this.connectionId = connectionId;
    this.userId = userId;
    this.sessionId = sessionId;
    this.renderer = renderer;
    this.channels = new ChannelSequencer(false, repairAfterMillis, QUEUE_SIZE);
  }

  /** A new connection; its first event (the hello) gets seq 0. */
  public static ConnectionLog fresh(String connectionId, String userId, String sessionId, FrameRenderer renderer,
      long repairAfterMillis) {
    return new ConnectionLog(connectionId, userId, sessionId, renderer, repairAfterMillis);
  }

  /**
   * A connection taken over from another actor, maybe on another node. The frames it brings
   * count as handed out: the socket they were written to is gone, and a resume decides which
   * of them to send again.
   */
  public static ConnectionLog restored(ConnectionState state, FrameRenderer renderer, long repairAfterMillis) {
    ConnectionLog log = new ConnectionLog(state.connectionId(), state.userId(), state.sessionId(), renderer, repairAfterMillis);
    log.nextSeq = state.nextSeq();
    log.handedOutUpTo = state.nextSeq();
    state.frames().forEach(frame -> log.frames.addLast(new Kept(frame.seq(), frame.eventId(), null, frame.frame())));
    state.recentEventIds().forEach(log::remember);
    log.channels.baseline(state.positions());
    log.reuseCount = state.reuseCount();
    return log;
  }

  public String connectionId() {
    return connectionId;
  }

  public String userId() {
    return userId;
  }

  public String sessionId() {
    return sessionId;
  }

  public long nextSeq() {
    return nextSeq;
  }

  public int reuseCount() {
    return reuseCount;
  }

  /** True once more than {@value #QUEUE_SIZE} frames waited for a socket: resuming it would lose events. */
  public boolean lost() {
    return lost;
  }

  /**
   * Takes an event: drops it if it was already taken, holds it if an earlier event of its
   * channel is missing, else gives it (and whatever it unblocks) the next seqs.
   *
   * @return the frames now due for the socket, in seq order
   */
  public List<SentFrame> accept(ClusterEvent event, long now) {
    if (lost || recentIds.contains(event.id())) {
      return List.of();
    }
    return sequence(channels.offer(event, now));
  }

  /**
   * Events read from the database for a gap {@link #gapsDue} reported. The read has the
   * channel's every event, also those this user was not in the audience of (a post made while
   * they were out of the channel): those fill the gap but are not sent. Events the gap held
   * back came from the hub, which chose this connection for them already; those without an
   * audience can only be such.
   */
  public List<SentFrame> repaired(String channelId, List<ClusterEvent> events, long coveredBelow, boolean complete, long now) {
    if (lost) {
      return List.of();
    }
    return sequence(channels.repaired(channelId, events, coveredBelow, complete, now).stream()
        .filter(event -> event.needsChannelMembers() || Targeting.shouldDeliver(event, userId, connectionId))
        .toList());
  }

  /** Gaps in the connection's channels that waited long enough to be read from the database. */
  public List<ChannelSequencer.Gap> gapsDue(long now) {
    return lost ? List.of() : channels.gapsDue(now);
  }

  public void repairFailed(String channelId, long now) {
    channels.repairFailed(channelId, now);
  }

  public boolean hasGaps() {
    return channels.hasGaps();
  }

  private List<SentFrame> sequence(List<ClusterEvent> due) {
    if (due.isEmpty()) {
      return List.of();
    }
    List<SentFrame> out = new ArrayList<>(due.size());
    for (ClusterEvent event : due) {
      if (!remember(event.id())) {
        continue;
      }
      out.add(new SentFrame(nextSeq, event.id(), renderer.render(event, nextSeq)));
      frames.addLast(new Kept(nextSeq, event.id(), withoutAudience(event), null));
      nextSeq++;
    }
    if (nextSeq - handedOutUpTo > QUEUE_SIZE) {
      markLost();
      return List.of();
    }
    return out;
  }

  private boolean remember(String id) {
    if (!recentIds.add(id)) {
      return false;
    }
    if (recentIds.size() > RECENT_IDS) {
      Iterator<String> oldest = recentIds.iterator();
      oldest.next();
      oldest.remove();
    }
    return true;
  }

  private void markLost() {
    lost = true;
    frames.clear();
  }

  /**
   * The frames up to {@code seqExclusive} have been given to a socket. {@code unwritten} is how
   * many of them the socket may still be holding; those and the {@value #RING_SIZE} before
   * them are kept, older ones are let go.
   */
  public void handedOut(long seqExclusive, int unwritten) {
    handedOutUpTo = Math.max(handedOutUpTo, Math.min(seqExclusive, nextSeq));
    long keepFrom = handedOutUpTo - unwritten - RING_SIZE;
    while (!frames.isEmpty() && frames.peekFirst().seq() < keepFrom) {
      frames.pollFirst();
    }
  }

  /** Frames accepted but not handed to a socket yet (while detached), in seq order. */
  public List<SentFrame> notHandedOut() {
    return frames.stream().filter(f -> f.seq() >= handedOutUpTo).map(kept -> kept.sent(renderer)).toList();
  }

  /**
   * Mattermost's resume rule (reference E.2, step 3) for a client that expects
   * {@code sequenceNumber} next: the frames from there on when they are all still kept (none
   * when nothing was missed), or empty when some are gone and the client must start over
   * with a new connection and a hello.
   */
  public Optional<List<SentFrame>> from(long sequenceNumber) {
    if (lost || sequenceNumber > nextSeq) {
      return Optional.empty();
    }
    if (sequenceNumber == nextSeq) {
      return Optional.of(List.of());
    }
    if (frames.isEmpty() || frames.peekFirst().seq() > sequenceNumber) {
      return Optional.empty();
    }
    return Optional.of(frames.stream().filter(f -> f.seq() >= sequenceNumber).map(kept -> kept.sent(renderer)).toList());
  }

  /** This connection is being resumed: the next resume is one more reuse. */
  public void resumed() {
    reuseCount++;
  }

  /**
   * The state to hand to whoever takes the connection over. With the client's
   * {@code sequenceNumber} (a claim) only the frames it still needs go; without it (a node
   * handing its connections off as it shuts down) the newest frames go, as many as fit in one
   * cluster message.
   */
  public ConnectionState export(Optional<Long> sequenceNumber) {
    List<SentFrame> shipped;
    if (lost) {
      shipped = List.of();
    } else if (sequenceNumber.isPresent()) {
      shipped = from(sequenceNumber.get()).orElse(List.of());
    } else {
      shipped = tail();
    }
    return new ConnectionState(connectionId, userId, sessionId, lost ? -1 : nextSeq, shipped, channels.positions(),
        List.copyOf(recentIds), reuseCount);
  }

  private List<SentFrame> tail() {
    List<SentFrame> tail = new ArrayList<>();
    int bytes = 0;
    Iterator<Kept> newestFirst = frames.descendingIterator();
    while (newestFirst.hasNext() && tail.size() < HANDOFF_FRAMES) {
      SentFrame frame = newestFirst.next().sent(renderer);
      bytes += frame.frame().length() * 2;
      if (bytes > HANDOFF_BYTES) {
        break;
      }
      tail.add(0, frame);
    }
    return tail;
  }

  /** A frame needs no audience, and one a mixed-version cluster sends along can be thousands of ids. */
  private static ClusterEvent withoutAudience(ClusterEvent event) {
    return event.audience() == null ? event
        : new ClusterEvent(event.id(), event.event(), event.data(), event.broadcast(), null, event.position(), event.subjectUserId());
  }

  /** A kept frame: its event to render it from, or (restored from another node) its text. */
  private record Kept(long seq, String eventId, ClusterEvent event, String frame) {
    SentFrame sent(FrameRenderer renderer) {
      return new SentFrame(seq, eventId, frame != null ? frame : renderer.render(event, seq));
    }
  }

  /** The positions of the connection's channels (for diagnostics and tests). */
  public Map<String, Long> positions() {
    return channels.positions();
  }
}
