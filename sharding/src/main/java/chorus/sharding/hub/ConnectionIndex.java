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
 * The hub's local connections, indexed by connection id and by user id, and the choice of
 * recipients for an event. Mutable and not thread-safe: it lives inside one actor.
 *
 * <p>Finding recipients looks only at the users an event can reach: the one connection for
 * {@code connection_id}, the one user for {@code user_id}, the audience for channel and team
 * events, everyone else only for events to everyone. {@link Targeting} makes the final call
 * per connection.
 *
 * @param <C> what a connection is (an actor ref in the hub, anything in tests)
 */
public final class ConnectionIndex<C> {
  /** One registered connection. */
  public record Entry<C>(String userId, String connectionId, C connection) {}

  private final Map<String, Entry<C>> byConnection = new HashMap<>();
  private final Map<String, Map<String, Entry<C>>> byUser = new HashMap<>();
  private final Map<C, Set<String>> byHandle = new HashMap<>();

  /** Adds a connection, replacing (and returning) whatever had the same connection id. */
  public Optional<Entry<C>> add(String userId, String connectionId, C connection) {
    Optional<Entry<C>> replaced = remove(connectionId);
    Entry<C> entry = new Entry<>(userId, connectionId, connection);
    byConnection.put(connectionId, entry);
    byUser.computeIfAbsent(userId, u -> new LinkedHashMap<>()).put(connectionId, entry);
    byHandle.computeIfAbsent(connection, c -> new HashSet<>()).add(connectionId);
    return replaced;
  }

  public Optional<Entry<C>> remove(String connectionId) {
    Entry<C> entry = byConnection.remove(connectionId);
    if (entry == null) {
      return Optional.empty();
    }
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

  /** Every connection id registered with this connection (one actor may hold several). */
  public List<String> connectionIdsOf(C connection) {
    return List.copyOf(byHandle.getOrDefault(connection, Set.of()));
  }

  /** The ids of every connection of {@code userId}. */
  public List<String> connectionIdsOfUser(String userId) {
    return entriesOf(userId).stream().map(Entry::connectionId).toList();
  }

  public boolean contains(C connection) {
    return byHandle.containsKey(connection);
  }

  public int size() {
    return byConnection.size();
  }

  /** The connections that should receive {@code event}, in no particular order. */
  public List<C> recipients(ClusterEvent event) {
    List<C> out = new ArrayList<>();
    for (Entry<C> entry : candidates(event)) {
      if (Targeting.shouldDeliver(event, entry.userId(), entry.connectionId())) {
        out.add(entry.connection());
      }
    }
    return out;
  }

  private Collection<Entry<C>> candidates(ClusterEvent event) {
    var broadcast = event.broadcast();
    if (Targeting.isSet(broadcast.connectionId())) {
      Entry<C> entry = byConnection.get(broadcast.connectionId());
      return entry == null ? List.of() : List.of(entry);
    }
    if (Targeting.isSet(broadcast.userId())) {
      return entriesOf(broadcast.userId());
    }
    if (event.audience() != null && event.audience().size() < byUser.size()) {
      List<Entry<C>> out = new ArrayList<>();
      event.audience().forEach(user -> out.addAll(entriesOf(user)));
      return out;
    }
    return byConnection.values();
  }

  private Collection<Entry<C>> entriesOf(String userId) {
    Map<String, Entry<C>> entries = byUser.get(userId);
    return entries == null ? List.of() : entries.values();
  }
}
