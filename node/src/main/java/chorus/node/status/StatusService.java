package chorus.node.status;

import chorus.node.http.ApiException;
import chorus.node.http.Caller;
import chorus.persistence.pool.PersistencePool;
import chorus.persistence.pool.ReadPreference;
import chorus.persistence.status.StatusRepository;
import chorus.protocol.api.Status;
import chorus.protocol.api.UpdateStatusRequest;
import chorus.protocol.ids.Ids;
import chorus.sharding.presence.Presences;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Statuses. Changes go through the user's PresenceEntity (the single writer); reads come from
 * the status table it keeps, so a page of statuses costs one query, not one actor per user,
 * and a read never waits on the node that hosts the entity (it may just have died).
 */
public final class StatusService {
  private final PersistencePool pool;
  private final StatusRepository statuses;
  private final Presences presence;

  public StatusService(PersistencePool pool, StatusRepository statuses, Presences presence) {
    this.pool = pool;
    this.statuses = statuses;
    this.presence = presence;
  }

  /** @param where the caller's {@link chorus.node.http.Caller#ownReads}, or REPLICA where there is no caller */
  public CompletionStage<Status> get(ReadPreference where, String userId) {
    return pool.read(where, dsl -> statuses.find(dsl, userId).orElse(offline(userId)));
  }

  public CompletionStage<List<Status>> getMany(ReadPreference where, List<String> userIds) {
    if (userIds.isEmpty() || userIds.stream().anyMatch(id -> !Ids.isValid(id))) {
      return CompletableFuture.failedFuture(ApiException.invalidBody("user_ids"));
    }
    List<String> unique = List.copyOf(new LinkedHashSet<>(userIds));
    return pool.read(where, dsl -> statuses.findMany(dsl, unique)).thenApply(found -> {
      Map<String, Status> byUser = found.stream().collect(Collectors.toMap(Status::userId, Function.identity()));
      return unique.stream().map(id -> byUser.getOrDefault(id, offline(id))).toList();
    });
  }

  /** Everyone who is not offline (the WebSocket's {@code get_statuses}). */
  public CompletionStage<List<Status>> notOffline(ReadPreference where) {
    return pool.read(where, dsl -> statuses.findNotOffline(dsl));
  }

  /** A status set by hand sticks until changed by hand; setting "online" returns to automatic. */
  public CompletionStage<Status> set(Caller caller, String userId, UpdateStatusRequest request) {
    caller.requireSelfOrAdmin(userId);
    if (request.userId() == null || !request.userId().equals(userId)) {
      return CompletableFuture.failedFuture(ApiException.invalidParam("user_id"));
    }
    if (!Status.isKnown(request.status())) {
      return CompletableFuture.failedFuture(ApiException.invalidParam("status"));
    }
    long dndEnd = request.dndEndTime() == null ? 0 : request.dndEndTime();
    // Always the user's own choice (upstream's SetStatusOnline(id, true)): only a manual "online"
    // may replace a manual dnd/away, and it is what clears the manual flag.
    return presence.setStatus(userId, request.status(), true, dndEnd)
        .thenApply(s -> new Status(s.userId(), s.status(), s.manual(), s.lastActivityAt(), s.dndEndTime()));
  }

  private static Status offline(String userId) {
    return new Status(userId, Status.OFFLINE, false, 0, 0);
  }
}
