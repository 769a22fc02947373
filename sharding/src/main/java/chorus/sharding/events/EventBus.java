package chorus.sharding.events;

import chorus.protocol.cluster.ClusterEvent;
import chorus.protocol.ws.Broadcast;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.pubsub.Topic;

/**
 * Cluster-wide publish/subscribe of WebSocket events over a fixed, small number of Pekko
 * {@link Topic}s ("buckets"), never one topic per channel, so the receptionist's registry
 * stays bounded however many channels exist.
 *
 * <p>An event goes to the bucket of its broadcast's channel, else team, else user id;
 * events for everyone go to bucket 0. Every hub subscribes to all buckets and filters to its
 * own connections, so the bucket only spreads the work over several topic actors. Because
 * one key always maps to one bucket, events for one channel published from one node reach
 * each subscriber in publish order (Pekko orders messages per sender/receiver pair); events
 * published on different nodes have no mutual order.
 *
 * <p>Delivery is at most once: a topic drops messages while receptionist gossip has not yet
 * told it about a new node, and a message in flight to a crashing node is lost. Delivery
 * guarantees come from the database and each connection's sequence numbers (a client that
 * misses an event sees a gap or a new connection id and refetches over REST), never from
 * pub-sub.
 *
 * <p>Create it once per actor system: the topic actors are system actors with fixed names.
 */
public final class EventBus {
  public static final int DEFAULT_BUCKETS = 16;
  static final String TOPIC_PREFIX = "chorus-events-";

  private final List<ActorRef<Topic.Command<ClusterEvent>>> topics;

  private EventBus(List<ActorRef<Topic.Command<ClusterEvent>>> topics) {
    this.topics = topics;
  }

  /** Spawns {@value #DEFAULT_BUCKETS} topic actors. */
  public static EventBus create(ActorSystem<?> system) {
    return create(system, DEFAULT_BUCKETS);
  }

  /**
   * Spawns {@code buckets} topic actors named {@code chorus-events-<i>}. Every node of a
   * cluster must use the same number, or an event reaches only the nodes that share its
   * bucket's name.
   */
  public static EventBus create(ActorSystem<?> system, int buckets) {
    if (buckets < 1) {
      throw new IllegalArgumentException("buckets must be at least 1, was " + buckets);
    }
    List<ActorRef<Topic.Command<ClusterEvent>>> topics = IntStream.range(0, buckets)
        .mapToObj(i -> system.systemActorOf(
            Topic.create(ClusterEvent.class, TOPIC_PREFIX + i), TOPIC_PREFIX + i, Props.empty()))
        .toList();
    return new EventBus(topics);
  }

  public int buckets() {
    return topics.size();
  }

  public void publish(ClusterEvent event) {
    topics.get(bucketOf(event.broadcast(), topics.size())).tell(Topic.publish(event));
  }

  /** Subscribes to every bucket; a terminated subscriber is removed by the topics themselves. */
  public void subscribeAll(ActorRef<ClusterEvent> subscriber) {
    topics.forEach(topic -> topic.tell(Topic.subscribe(subscriber)));
  }

  public void unsubscribeAll(ActorRef<ClusterEvent> subscriber) {
    topics.forEach(topic -> topic.tell(Topic.unsubscribe(subscriber)));
  }

  /** The bucket of a broadcast: by channel, else team, else user; everyone → 0. */
  static int bucketOf(Broadcast broadcast, int buckets) {
    String key = firstNonEmpty(broadcast.channelId(), broadcast.teamId(), broadcast.userId());
    return key == null ? 0 : Math.floorMod(key.hashCode(), buckets);
  }

  private static String firstNonEmpty(String... values) {
    for (String value : values) {
      if (value != null && !value.isEmpty()) {
        return value;
      }
    }
    return null;
  }
}
