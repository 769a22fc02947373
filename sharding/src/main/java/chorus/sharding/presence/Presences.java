package chorus.sharding.presence;

import chorus.protocol.cluster.PresenceStatus;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * What routes and WebSocket connections use to reach a user's {@link PresenceEntity},
 * wherever in the cluster it lives. {@link PresenceEntity#init} must have run on this node.
 * Asks fail with a timeout when the entity cannot answer in time (routes map that to 503).
 */
public final class Presences {
  private final ClusterSharding sharding;
  private final Duration timeout;
  private final String selfNode;

  public Presences(ActorSystem<?> system, Duration timeout) {
    this.sharding = ClusterSharding.get(system);
    this.timeout = timeout;
    this.selfNode = NodeKeys.of(Cluster.get(system).selfMember().uniqueAddress());
  }

  /** This node's key ({@link NodeKeys}), as recorded with each connection. */
  public String selfNode() {
    return selfNode;
  }

  public CompletionStage<PresenceStatus> getStatus(String userId) {
    return entity(userId).ask(PresenceEntity.GetStatus::new, timeout);
  }

  public CompletionStage<PresenceStatus> setStatus(String userId, String status, boolean manual, long dndEndTimeSeconds) {
    return entity(userId).ask(replyTo -> new PresenceEntity.SetStatus(status, manual, dndEndTimeSeconds, replyTo), timeout);
  }

  /** A connection of {@code userId} opened on this node; safe to repeat (re-announcing after a move). */
  public void connectionOpened(String userId, String connectionId) {
    entity(userId).tell(new PresenceEntity.ConnectionOpened(connectionId, selfNode));
  }

  public void connectionClosed(String userId, String connectionId) {
    entity(userId).tell(new PresenceEntity.ConnectionClosed(connectionId));
  }

  public void recordActivity(String userId) {
    entity(userId).tell(new PresenceEntity.RecordActivity());
  }

  private EntityRef<PresenceEntity.Command> entity(String userId) {
    return sharding.entityRefFor(PresenceEntity.TYPE_KEY, userId);
  }
}
