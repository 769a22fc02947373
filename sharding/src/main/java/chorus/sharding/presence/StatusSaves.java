package chorus.sharding.presence;

import chorus.protocol.cluster.PresenceStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A presence entity's saves, one at a time and in order, so the database always ends with
 * the newest status. Changes that pile up behind a slow save are merged into one (the newest
 * status; announced if any of them was to be; every waiting reply answered with it). A failed
 * save leaves the status dirty: it is written again before the entity lets go of its state.
 * Not thread-safe: it lives inside the entity.
 */
final class StatusSaves {
  /** One write to start: the status, whether to announce it once saved, and who waits for it. */
  record Save(PresenceStatus status, boolean announce, List<ActorRef<PresenceStatus>> replies) {}

  private boolean saving;
  private boolean dirty;
  private PresenceStatus pending;
  private boolean pendingAnnounce;
  private List<ActorRef<PresenceStatus>> pendingReplies = new ArrayList<>();

  /** Queues a save; answers the save to start now, or empty while another is running. */
  Optional<Save> enqueue(PresenceStatus status, boolean announce, ActorRef<PresenceStatus> replyTo) {
    pending = status;
    pendingAnnounce |= announce;
    if (replyTo != null) {
      pendingReplies.add(replyTo);
    }
    return saving ? Optional.empty() : Optional.of(take());
  }

  /** The running save ended; answers the next one to start, if changes waited behind it. */
  Optional<Save> finished(boolean failed) {
    saving = false;
    if (failed) {
      dirty = true;
    } else if (pending == null) {
      dirty = false;
    }
    return pending == null ? Optional.empty() : Optional.of(take());
  }

  private Save take() {
    Save save = new Save(pending, pendingAnnounce, pendingReplies);
    pending = null;
    pendingAnnounce = false;
    pendingReplies = new ArrayList<>();
    saving = true;
    return save;
  }

  boolean saving() {
    return saving;
  }

  /** The last write failed and nothing newer has been saved since. */
  boolean dirty() {
    return dirty;
  }
}
