package chorus.sharding.events;

import chorus.protocol.cluster.BusMessage;
import chorus.protocol.cluster.ClusterEvent;
import chorus.protocol.ws.Broadcast;
import chorus.sharding.ActorSpawner;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.pubsub.Topic;

/**
 * Cluster-wide publish/subscribe of {@link BusMessage}s (WebSocket events, session
 * revocations, write marks, readiness probes) over a fixed, small number of Pekko
 * {@link Topic}s ("buckets"), never one topic per channel, so the receptionist's registry
 * stays bounded however many channels exist.
 *
 * <p>An event goes to the bucket of its broadcast's channel, else team, else user id;
 * events for everyone go to bucket 0. Every hub subscribes to all buckets and filters to its
 * own connections, so the bucket only spreads the work over several topic actors. Because
 * one key always maps to one bucket, events for one channel published from one node reach
 * each subscriber in publish order (Pekko orders messages per sender/receiver pair); events
 * published on different nodes have no mutual order, which the positions of durable channel
 * events restore ({@link ChannelSequencer}).
 *
 * <p>Delivery is at most once: a topic drops messages while receptionist gossip has not yet
 * told it about a new node ({@link TopicHandshake} keeps a node from serving until then), and
 * a message in flight to a crashing node is lost. Durable channel events are repaired from
 * the database; nothing else on the bus may need to be delivered exactly.
 *
 * <p>Create it once per node: the topic actors have fixed names.
 */
public final class EventBus {
  public static final int DEFAULT_BUCKETS = 16;
  static final String TOPIC_PREFIX = "chorus-events-";

  private final List<ActorRef<Topic.Command<BusMessage>>> topics;

  private EventBus(List<ActorRef<Topic.Command<BusMessage>>> topics) {
    this.topics = topics;
  }

  /** Spawns {@value #DEFAULT_BUCKETS} topic actors. */
  public static EventBus create(ActorSpawner spawner) {
    return create(spawner, DEFAULT_BUCKETS);
  }

  /**
   * Spawns {@code buckets} topic actors named {@code chorus-events-<i>}. Every node of a
   * cluster must use the same number, or an event reaches only the nodes that share its
   * bucket's name.
   */
  public static EventBus create(ActorSpawner spawner, int buckets) {
    if (buckets < 1) {
      throw new IllegalArgumentException("buckets must be at least 1, was " + buckets);
    }
    List<ActorRef<Topic.Command<BusMessage>>> topics = IntStream.range(0, buckets)
        .mapToObj(i -> spawner.spawn(Topic.create(BusMessage.class, TOPIC_PREFIX + i), TOPIC_PREFIX + i))
        .toList();
    return new EventBus(topics);
  }

  public int buckets() {
    return topics.size();
  }

  public void publish(ClusterEvent event) {
    publishOn(bucketOf(event.broadcast(), topics.size()), event);
  }

  /** A notice about {@code key} (a user id, say); notices of one key keep their order. */
  public void publishNotice(String key, BusMessage notice) {
    publishOn(Math.floorMod(key.hashCode(), topics.size()), notice);
  }

  public void publishOn(int bucket, BusMessage message) {
    topics.get(bucket).tell(Topic.publish(message));
  }

  /** Subscribes to every bucket; a terminated subscriber is removed by the topics themselves. */
  public void subscribeAll(ActorRef<BusMessage> subscriber) {
    topics.forEach(topic -> topic.tell(Topic.subscribe(subscriber)));
  }

  public void unsubscribeAll(ActorRef<BusMessage> subscriber) {
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
