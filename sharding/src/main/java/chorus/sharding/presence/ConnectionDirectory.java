package chorus.sharding.presence;

import chorus.protocol.cluster.CborSerializable;
import chorus.sharding.ActorSpawner;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.pubsub.Topic;

/**
 * How a {@link PresenceEntity} that lost its set of connections (it moved to another node,
 * or its node died) asks every node's WebSocket hub which connections of its user are still
 * open. One topic for the whole cluster; each hub answers for its own connections (with none,
 * too, so that the entity knows when every node has answered), with
 * {@link PresenceEntity.ConnectionsFound}.
 *
 * <p>Create it once per actor system: the topic actor is a system actor with a fixed name.
 */
public final class ConnectionDirectory {
  static final String TOPIC_NAME = "chorus-presence-connections";

  /** Which connections of {@code userId} do you hold? Answer to {@code replyTo}. */
  public record ListConnections(String userId, ActorRef<PresenceEntity.Command> replyTo) implements CborSerializable {}

  private final ActorRef<Topic.Command<ListConnections>> topic;

  private ConnectionDirectory(ActorRef<Topic.Command<ListConnections>> topic) {
    this.topic = topic;
  }

  public static ConnectionDirectory create(ActorSpawner spawner) {
    return new ConnectionDirectory(spawner.spawn(Topic.create(ListConnections.class, TOPIC_NAME), TOPIC_NAME));
  }

  void ask(String userId, ActorRef<PresenceEntity.Command> replyTo) {
    topic.tell(Topic.publish(new ListConnections(userId, replyTo)));
  }

  /** A hub joins; a terminated subscriber is removed by the topic itself. */
  public void subscribe(ActorRef<ListConnections> hub) {
    topic.tell(Topic.subscribe(hub));
  }
}
