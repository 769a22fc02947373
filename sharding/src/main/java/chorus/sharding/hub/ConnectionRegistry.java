package chorus.sharding.hub;

import chorus.protocol.cluster.ClusterEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The hub's connections, indexed by connection id, user and actor, and the choice of
 * recipients for an event. Mutable and not thread-safe: it lives inside one actor.
 *
 * <p>An entry is either a connection held on this node (with or without an open socket) or a
 * forward: a connection that a socket on another node took over a moment ago. A forward keeps
 * receiving the events this hub delivers, for its new holder, until it expires, so that an
 * event this hub got later than the new node's hub is not lost in the move (the new holder
 * drops the copies it already has). A claim for the id reaches the new holder through it too.
 *
 * <p>Finding recipients looks only at the users an event can reach: the one connection for
 * {@code connection_id}, the one user for {@code user_id}, the audience for channel and team
 * events, everyone else only for events to everyone. {@link Targeting} makes the final call
 * per connection.
 *
 * @param <C> what a connection is (an actor ref in the hub, anything in tests)
 */
public final class ConnectionRegistry<C> {
  /**
   * One registered connection. {@code present} is false once its socket has been closed long
   * enough that it no longer keeps its user online; {@code forwardUntil} is 0 for connections
   * held here, else when the forward expires (epoch ms).
   */
  public record Entry<C>(String userId, String connectionId, String sessionId, C connection, boolean present,
      long forwardUntil) {
    public boolean isForward() {
      return forwardUntil > 0;
    }
  }

  private final Map<String, Entry<C>> byConnection = new HashMap<>();
  private final Map<String, Map<String, Entry<C>>> byUser = new HashMap<>();
  private final Map<C, Set<String>> byHandle = new HashMap<>();
  // The hub expires forwards ten times a second; they are few, the connections held may be 100,000.
  private final Map<String, Entry<C>> forwards = new HashMap<>();

  /** Adds a connection held here, replacing (and returning) whatever had the same connection id. */
  public Optional<Entry<C>> add(String userId, String connectionId, String sessionId, C connection) {
    return put(new Entry<>(userId, connectionId, sessionId, connection, true, 0));
  }

  /**
   * The connection moved to {@code newHolder} on another node: forward its events there until
   * {@code until}. Returns the entry it replaced; nothing happens for an unknown id.
   */
  public Optional<Entry<C>> forward(String connectionId, C newHolder, long until) {
    Entry<C> current = byConnection.get(connectionId);
    if (current == null) {
      return Optional.empty();
    }
    put(new Entry<>(current.userId(), connectionId, current.sessionId(), newHolder, false, until));
    return Optional.of(current);
  }

  private Optional<Entry<C>> put(Entry<C> entry) {
    Optional<Entry<C>> replaced = remove(entry.connectionId());
    byConnection.put(entry.connectionId(), entry);
    byUser.computeIfAbsent(entry.userId(), u -> new LinkedHashMap<>()).put(entry.connectionId(), entry);
    byHandle.computeIfAbsent(entry.connection(), c -> new HashSet<>()).add(entry.connectionId());
    if (entry.isForward()) {
      forwards.put(entry.connectionId(), entry);
    }
    return replaced;
  }

  public Optional<Entry<C>> get(String connectionId) {
    return Optional.ofNullable(byConnection.get(connectionId));
  }

  public Optional<Entry<C>> remove(String connectionId) {
    Entry<C> entry = byConnection.remove(connectionId);
    if (entry == null) {
      return Optional.empty();
    }
    forwards.remove(connectionId);
    Map<String, Entry<C>> ofUser = byUser.get(entry.userId());
    ofUser.remove(connectionId);
    if (ofUser.isEmpty()) {
      byUser.remove(entry.userId());
    }
    Set<String> ofHandle = byHandle.get(entry.connection());
    ofHandle.remove(connectionId);
    if (ofHandle.isEmpty()) {
      byHandle.remove(entry.connection());
    }
    return Optional.of(entry);
  }

  /** Removes the entry only if it is still {@code connection}'s (a newer one may have replaced it). */
  public Optional<Entry<C>> removeIfHeldBy(String connectionId, C connection) {
    Entry<C> entry = byConnection.get(connectionId);
    return entry != null && entry.connection().equals(connection) ? remove(connectionId) : Optional.empty();
  }

  /** Whether a connection held here still keeps its user online. */
  public void setPresent(String connectionId, C connection, boolean present) {
    Entry<C> entry = byConnection.get(connectionId);
    if (entry != null && !entry.isForward() && entry.connection().equals(connection) && entry.present() != present) {
      put(new Entry<>(entry.userId(), connectionId, entry.sessionId(), connection, present, 0));
    }
  }

  /** Forwards that expired by {@code now}; they are removed. */
  public List<Entry<C>> expireForwards(long now) {
    List<Entry<C>> expired = forwards.values().stream().filter(e -> e.forwardUntil() <= now).toList();
    expired.forEach(e -> remove(e.connectionId()));
    return expired;
  }

  /** Every connection id registered with this connection (one actor may hold several). */
  public List<String> connectionIdsOf(C connection) {
    return List.copyOf(byHandle.getOrDefault(connection, Set.of()));
  }

  /** The ids of the connections of {@code userId} held here that keep the user online. */
  public List<String> presentConnectionIdsOfUser(String userId) {
    return entriesOf(userId).stream().filter(e -> !e.isForward() && e.present()).map(Entry::connectionId).toList();
  }

  /** Connections held here of the given sessions, or of every session of {@code userId} when it is not empty. */
  public List<Entry<C>> heldBySessions(Collection<String> sessionIds, String userId) {
    Set<String> sessions = new HashSet<>(sessionIds);
    return byConnection.values().stream()
        .filter(e -> !e.isForward())
        .filter(e -> sessions.contains(e.sessionId()) || (!userId.isEmpty() && e.userId().equals(userId)))
        .toList();
  }

  /** Every connection held here (not the forwards). */
  public List<Entry<C>> held() {
    return byConnection.values().stream().filter(e -> !e.isForward()).toList();
  }

  public boolean contains(C connection) {
    return byHandle.containsKey(connection);
  }

  public int size() {
    return byConnection.size();
  }

  /**
   * The connections (and forwards) that should receive {@code event}, in no particular order.
   *
   * @param members the event's audience as the hub found it (null: for one user or for everyone)
   */
  public List<C> recipients(ClusterEvent event, Set<String> members) {
    List<C> out = new ArrayList<>();
    for (Entry<C> entry : candidates(event, members)) {
      if (Targeting.shouldDeliver(event, members, entry.userId(), entry.connectionId())) {
        out.add(entry.connection());
      }
    }
    return out;
  }

  private Collection<Entry<C>> candidates(ClusterEvent event, Set<String> members) {
    var broadcast = event.broadcast();
    if (Targeting.isSet(broadcast.connectionId())) {
      Entry<C> entry = byConnection.get(broadcast.connectionId());
      return entry == null ? List.of() : List.of(entry);
    }
    if (Targeting.isSet(broadcast.userId())) {
      return entriesOf(broadcast.userId());
    }
    if (members != null && members.size() < byUser.size()) {
      List<Entry<C>> out = new ArrayList<>();
      members.forEach(user -> out.addAll(entriesOf(user)));
      return out;
    }
    return byConnection.values();
  }

  private Collection<Entry<C>> entriesOf(String userId) {
    Map<String, Entry<C>> entries = byUser.get(userId);
    return entries == null ? List.of() : entries.values();
  }
}
