package chorus.sharding.presence;

import chorus.protocol.cluster.PresenceStatus;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * Where {@link PresenceEntity} keeps a user's status so that it survives passivation, a move
 * to another node, and restarts. The node implements it with the status repository (reads on
 * the primary: the entity must see its own last write). Neither method may block the calling
 * thread; a failed stage means the database could not answer.
 */
public interface StatusStore {
  CompletionStage<Optional<PresenceStatus>> load(String userId);

  CompletionStage<Done> save(PresenceStatus status);
}
