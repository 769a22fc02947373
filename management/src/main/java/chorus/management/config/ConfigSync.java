package chorus.management.config;

import chorus.protocol.cluster.CborSerializable;
import chorus.sharding.ActorSpawner;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;

/**
 * Cluster-wide "config changed": when one node's configuration changes (API reload, SIGHUP),
 * every other node re-reads its own sources (its config file and environment), as
 * Mattermost's peers do on a config-changed message. A node that then finds something new
 * announces it in turn; one that finds nothing new stays quiet, so announcements die out.
 * Delivery is at most once, like every topic: an operator who must be sure reloads each node.
 */
public final class ConfigSync {
  static final String TOPIC_NAME = "chorus-config-changed";

  /** Sent by {@code originNode} after its configuration changed. */
  public record ConfigChanged(String originNode) implements CborSerializable {}

  private final ActorRef<Topic.Command<ConfigChanged>> topic;
  private final String selfNode;

  private ConfigSync(ActorRef<Topic.Command<ConfigChanged>> topic, String selfNode) {
    this.topic = topic;
    this.selfNode = selfNode;
  }

  /**
   * Joins the topic; {@code reloadLocally} runs (on an actor thread: it must hand blocking
   * work to an executor) whenever another node announces a change.
   */
  public static ConfigSync start(ActorSpawner spawner, String selfNode, Runnable reloadLocally) {
    ActorRef<Topic.Command<ConfigChanged>> topic = spawner.spawn(Topic.create(ConfigChanged.class, TOPIC_NAME), TOPIC_NAME);
    ActorRef<ConfigChanged> listener = spawner.spawn(Behaviors.receive(ConfigChanged.class)
        .onMessage(ConfigChanged.class, changed -> {
          if (!selfNode.equals(changed.originNode())) {
            reloadLocally.run();
          }
          return Behaviors.same();
        })
        .build(), "chorus-config-sync");
    topic.tell(Topic.subscribe(listener));
    return new ConfigSync(topic, selfNode);
  }

  /** Tells the other nodes that this node's configuration changed. */
  public void announce() {
    topic.tell(Topic.publish(new ConfigChanged(selfNode)));
  }
}
