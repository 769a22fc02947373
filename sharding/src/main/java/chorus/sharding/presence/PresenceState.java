package chorus.sharding.presence;

import chorus.protocol.api.Status;
import chorus.protocol.cluster.PresenceStatus;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A user's presence and Mattermost's rules for changing it ({@code app/platform/status.go}),
 * as pure functions from one state to the next so they can be tested without actors.
 *
 * <ul>
 *   <li>A manual status (dnd, or away/offline chosen by the user) sticks: connections,
 *       activity, the away timer and automatic updates leave it alone.</li>
 *   <li>A connection opening makes the user online; the last one closing makes them
 *       offline.</li>
 *   <li>No activity for {@code awayAfter} while online makes the user away; activity while
 *       away, with a connection open, makes them online again.</li>
 *   <li>Choosing "online" clears the manual flag (there is no manual online); dnd is always
 *       manual and may end at {@code dndEndTime} (seconds), after which the user is online
 *       with a connection open, else offline.</li>
 * </ul>
 *
 * @param status one of {@link Status#ONLINE}, {@link Status#AWAY}, {@link Status#OFFLINE}, {@link Status#DND}
 * @param lastActivityAt milliseconds
 * @param dndEndTime seconds; 0 when dnd has no end or the status is not dnd
 * @param connections open connection id → the node (cluster address) that holds it
 */
public record PresenceState(
    String userId, String status, boolean manual, long lastActivityAt, long dndEndTime, Map<String, String> connections) {

  public PresenceState {
    connections = Map.copyOf(connections);
  }

  /** The state after a (re)start: the stored status, or offline; connections are not stored. */
  public static PresenceState initial(String userId, Optional<PresenceStatus> stored) {
    return stored
        .filter(s -> Status.isKnown(s.status()))
        .map(s -> new PresenceState(userId, s.status(), s.manual(), s.lastActivityAt(),
            Status.DND.equals(s.status()) ? s.dndEndTime() : 0, Map.of()))
        .orElseGet(() -> new PresenceState(userId, Status.OFFLINE, false, 0, 0, Map.of()));
  }

  /**
   * A connection opened. A connection id that is already known only updates its node (owners
   * may announce their connections again), and is not activity.
   */
  public PresenceState connectionOpened(String connectionId, String node, long now) {
    Map<String, String> next = new HashMap<>(connections);
    boolean known = next.put(connectionId, node) != null;
    if (known) {
      return new PresenceState(userId, status, manual, lastActivityAt, dndEndTime, next);
    }
    return new PresenceState(userId, manual ? status : Status.ONLINE, manual, now, dndEndTime, next);
  }

  /** A connection closed; closing the last one makes a non-manual user offline. Unknown ids change nothing. */
  public PresenceState connectionClosed(String connectionId) {
    if (!connections.containsKey(connectionId)) {
      return this;
    }
    Map<String, String> next = new HashMap<>(connections);
    next.remove(connectionId);
    String nextStatus = next.isEmpty() && !manual ? Status.OFFLINE : status;
    return new PresenceState(userId, nextStatus, manual, lastActivityAt, dndEndTime, next);
  }

  /**
   * Connections that a node reports it still holds, after this entity lost its set (it moved
   * or restarted). Not activity, except that an automatic offline becomes online again as if
   * the connections had just opened: otherwise the away rule would count from the stored last
   * activity (0 for a user never seen) and make the user away at once.
   */
  public PresenceState connectionsFound(String node, Collection<String> connectionIds, long now) {
    if (connectionIds.isEmpty()) {
      return this;
    }
    Map<String, String> next = new HashMap<>(connections);
    connectionIds.forEach(id -> next.put(id, node));
    if (!manual && Status.OFFLINE.equals(status)) {
      return new PresenceState(userId, Status.ONLINE, false, Math.max(lastActivityAt, now), dndEndTime, next);
    }
    return new PresenceState(userId, status, manual, lastActivityAt, dndEndTime, next);
  }

  /** A cluster node is gone: its connections are closed, as if each had closed. */
  public PresenceState nodeRemoved(String node) {
    if (!connections.containsValue(node)) {
      return this;
    }
    Map<String, String> next = new HashMap<>(connections);
    next.values().removeIf(node::equals);
    String nextStatus = next.isEmpty() && !manual ? Status.OFFLINE : status;
    return new PresenceState(userId, nextStatus, manual, lastActivityAt, dndEndTime, next);
  }

  /**
   * No node reported a connection in time after a (re)start: an automatic online or away
   * that nothing backs any more (its connections died with a node) becomes offline.
   */
  public PresenceState settled() {
    if (!connections.isEmpty() || manual || Status.OFFLINE.equals(status)) {
      return this;
    }
    return new PresenceState(userId, Status.OFFLINE, false, lastActivityAt, 0, connections);
  }

  /** The user did something; brings a non-manual user with an open connection back online. */
  public PresenceState activity(long now) {
    String nextStatus = !manual && !connections.isEmpty() ? Status.ONLINE : status;
    return new PresenceState(userId, nextStatus, manual, now, dndEndTime, connections);
  }

  /**
   * A status chosen by the user ({@code manual}) or by the client on their behalf. Unknown
   * status names change nothing (callers validate with {@link Status#isKnown}).
   */
  public PresenceState statusSet(String requested, boolean requestedManual, long requestedDndEndTime, long now) {
    if (!Status.isKnown(requested)) {
      return this;
    }
    if (Status.DND.equals(requested)) {
      return new PresenceState(userId, Status.DND, true, lastActivityAt, Math.max(0, requestedDndEndTime), connections);
    }
    if (!requestedManual && manual) {
      return this;
    }
    if (Status.ONLINE.equals(requested)) {
      return new PresenceState(userId, Status.ONLINE, false, now, 0, connections);
    }
    return new PresenceState(userId, requested, requestedManual, lastActivityAt, 0, connections);
  }

  /** When the away rule will apply if nothing happens meanwhile: only while online and not manual. */
  public OptionalLong awayDueAt(Duration awayAfter) {
    return Status.ONLINE.equals(status) && !manual
        ? OptionalLong.of(lastActivityAt + awayAfter.toMillis())
        : OptionalLong.empty();
  }

  public PresenceState awayIfIdle(long now, Duration awayAfter) {
    OptionalLong due = awayDueAt(awayAfter);
    if (due.isEmpty() || now < due.getAsLong()) {
      return this;
    }
    return new PresenceState(userId, Status.AWAY, false, lastActivityAt, 0, connections);
  }

  /** When a timed dnd ends, in milliseconds. */
  public OptionalLong dndEndsAt() {
    return Status.DND.equals(status) && dndEndTime > 0 ? OptionalLong.of(dndEndTime * 1000) : OptionalLong.empty();
  }

  public PresenceState dndEndedIfDue(long now) {
    OptionalLong ends = dndEndsAt();
    if (ends.isEmpty() || now < ends.getAsLong()) {
      return this;
    }
    return new PresenceState(userId, connections.isEmpty() ? Status.OFFLINE : Status.ONLINE, false, lastActivityAt, 0, connections);
  }

  public boolean hasConnections() {
    return !connections.isEmpty();
  }

  /** Whether the stored and announced part differs; activity time alone is not a change. */
  public boolean statusDiffers(PresenceState other) {
    return !status.equals(other.status) || manual != other.manual || dndEndTime != other.dndEndTime;
  }

  public PresenceStatus toStatus() {
    return new PresenceStatus(userId, status, manual, lastActivityAt, dndEndTime);
  }
}
