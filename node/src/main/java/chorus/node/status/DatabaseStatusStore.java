package chorus.node.status;

import chorus.persistence.pool.PersistencePool;
import chorus.persistence.pool.ReadPreference;
import chorus.persistence.status.StatusRepository;
import chorus.protocol.api.Status;
import chorus.protocol.cluster.PresenceStatus;
import chorus.sharding.presence.StatusStore;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/** Presence entities keep statuses in the status table; reads go to the primary to see their own writes. */
public final class DatabaseStatusStore implements StatusStore {
  private final PersistencePool pool;
  private final StatusRepository statuses;

  public DatabaseStatusStore(PersistencePool pool, StatusRepository statuses) {
    this.pool = pool;
    this.statuses = statuses;
  }

  @Override
  public CompletionStage<Optional<PresenceStatus>> load(String userId) {
    return pool.read(ReadPreference.PRIMARY, dsl -> statuses.find(dsl, userId)
        .map(s -> new PresenceStatus(s.userId(), s.status(), s.manual(), s.lastActivityAt(), s.dndEndTime())));
  }

  @Override
  public CompletionStage<Done> save(PresenceStatus status) {
    return pool.write(dsl -> {
      statuses.upsert(dsl, new Status(status.userId(), status.status(), status.manual(), status.lastActivityAt(),
          status.dndEndTime()));
      return Done.getInstance();
    });
  }
}
