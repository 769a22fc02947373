package chorus.management.config;

import chorus.protocol.cluster.CborSerializable;
import chorus.sharding.ActorSpawner;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;

/**
 * Cluster-wide configuration changes, two kinds:
 *
 * <ul>
 *   <li>"config changed": when one node's configuration changes (API reload, SIGHUP), every
 *       other node re-reads its own sources (its config file and environment), as Mattermost's
 *       peers do on a config-changed message. A node that then finds something new announces
 *       it in turn; one that finds nothing new stays quiet, so announcements die out.
 *   <li>"config saved": a change made through the config API, as the settings it changed
 *       (a partial config.json); each other node writes them into its own config file and
 *       reloads. It travels on its own topic so that a node of the previous release, which
 *       does not know it, never receives it.
 * </ul>
 *
 * Delivery is at most once, like every topic: an operator who must be sure compares the
 * config hashes in the cluster status, or reloads each node.
 */
public final class ConfigSync {
  static final String TOPIC_NAME = "chorus-config-changed";
  static final String SAVED_TOPIC_NAME = "chorus-config-saved";

  /** Sent by {@code originNode} after its configuration changed. */
  public record ConfigChanged(String originNode) implements CborSerializable {}

  /** Sent by {@code originNode} after an admin saved {@code settings} (a partial config.json, as JSON text) there. */
  public record ConfigSaved(String originNode, String settings) implements CborSerializable {}

  private final ActorRef<Topic.Command<ConfigChanged>> topic;
  private final ActorRef<Topic.Command<ConfigSaved>> savedTopic;
  private final String selfNode;

  private ConfigSync(ActorRef<Topic.Command<ConfigChanged>> topic, ActorRef<Topic.Command<ConfigSaved>> savedTopic,
      String selfNode) {
    this.topic = topic;
    this.savedTopic = savedTopic;
    this.selfNode = selfNode;
  }

  /** As {@link #start(ActorSpawner, String, Runnable, Consumer)}, for a node that ignores saved configurations. */
  public static ConfigSync start(ActorSpawner spawner, String selfNode, Runnable reloadLocally) {
    return start(spawner, selfNode, reloadLocally, saved -> {});
  }

  /**
   * Joins the topics; {@code reloadLocally} runs whenever another node announces a change, and
   * {@code adoptSaved} with each configuration another node saved. Both run on an actor
   * thread: they must hand blocking work to an executor.
   */
  public static ConfigSync start(ActorSpawner spawner, String selfNode, Runnable reloadLocally, Consumer<ConfigSaved> adoptSaved) {
    ActorRef<Topic.Command<ConfigChanged>> topic = spawner.spawn(Topic.create(ConfigChanged.class, TOPIC_NAME), TOPIC_NAME);
    ActorRef<Topic.Command<ConfigSaved>> savedTopic = spawner.spawn(Topic.create(ConfigSaved.class, SAVED_TOPIC_NAME),
        SAVED_TOPIC_NAME);
    ActorRef<ConfigChanged> listener = spawner.spawn(Behaviors.receive(ConfigChanged.class)
        .onMessage(ConfigChanged.class, changed -> {
          if (!selfNode.equals(changed.originNode())) {
            reloadLocally.run();
          }
          return Behaviors.same();
        })
        .build(), "chorus-config-sync");
    ActorRef<ConfigSaved> savedListener = spawner.spawn(Behaviors.receive(ConfigSaved.class)
        .onMessage(ConfigSaved.class, saved -> {
          if (!selfNode.equals(saved.originNode())) {
            adoptSaved.accept(saved);
          }
          return Behaviors.same();
        })
        .build(), "chorus-config-saved-listener");
    topic.tell(Topic.subscribe(listener));
    savedTopic.tell(Topic.subscribe(savedListener));
    return new ConfigSync(topic, savedTopic, selfNode);
  }

  /** Tells the other nodes that this node's configuration changed. */
  public void announce() {
    topic.tell(Topic.publish(new ConfigChanged(selfNode)));
  }

  /** Tells the other nodes that an admin saved {@code settings} (a partial config.json) on this node. */
  public void announceSaved(String settings) {
    savedTopic.tell(Topic.publish(new ConfigSaved(selfNode, settings)));
  }
}
