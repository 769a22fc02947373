package chorus.loadtest.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks the delivery promise while load runs: every client receives every post of its
 * channels exactly once, in the channel's order. Scenarios (and later the reliability tests)
 * feed it three facts — which posts were acknowledged, which client watches which channel from
 * when, and what each client received in arrival order — and ask for a {@link DeliveryReport}.
 *
 * <p>A post is identified by its id; its place in the channel's order is its {@code create_at},
 * which Chorus promises to be strictly increasing per channel. A post is expected at a client
 * when it was acknowledged to its sender (201) and created after the client's subscription
 * began ({@code create_at > fromMillis}, the wall-clock time the client saw {@code hello}:
 * anything created later was published after the connection was registered). Events may
 * arrive before the sender's 201 does, so nothing is judged until {@link #report()}.
 *
 * <p>Thread-safe: receipts come from many WebSocket threads; each subscription appends under
 * its own lock, so the cost per delivery is one map lookup and one append.
 */
public final class DeliveryChecker {
  private final Map<String, List<Expected>> expectedByChannel = new ConcurrentHashMap<>();
  private final Map<String, Stream> streams = new ConcurrentHashMap<>();

  private record Expected(String postId, long createAt) {}

  private record Arrival(String postId, long createAt) {}

  /** What one client received on one channel, in arrival order. */
  private static final class Stream {
    /** {@code Long.MAX_VALUE} until the client subscribes: nothing is owed to a stranger. */
    volatile long fromMillis = Long.MAX_VALUE;
    final List<Arrival> arrivals = new ArrayList<>();
  }

  /**
   * Client {@code clientId} receives every post of {@code channelId} created after {@code
   * fromMillis}. The first subscription of a pair counts: a client that reconnects is still
   * owed what was published while it was away.
   */
  public void subscribe(String clientId, String channelId, long fromMillis) {
    Stream stream = streams.computeIfAbsent(key(clientId, channelId), k -> new Stream());
    synchronized (stream) {
      if (stream.fromMillis == Long.MAX_VALUE) {
        stream.fromMillis = fromMillis;
      }
    }
  }

  /** The server acknowledged this post to its sender. */
  public void expect(String channelId, String postId, long createAt) {
    List<Expected> posts = expectedByChannel.computeIfAbsent(channelId, c -> new ArrayList<>());
    synchronized (posts) {
      posts.add(new Expected(postId, createAt));
    }
  }

  /**
   * A {@code posted} event reached a client. Posts on channels the client never subscribed to
   * are counted as unexpected by the report; posts created before the subscription began are
   * ignored (the client was not promised them).
   */
  public void received(String clientId, String channelId, String postId, long createAt) {
    Stream stream = streams.computeIfAbsent(key(clientId, channelId), k -> new Stream());
    synchronized (stream) {
      stream.arrivals.add(new Arrival(postId, createAt));
    }
  }

  /** Judges everything recorded so far; call after the posters stopped and deliveries drained. */
  public DeliveryReport report() {
    Map<String, Map<String, Long>> expected = new HashMap<>();
    long acknowledged = 0;
    for (Map.Entry<String, List<Expected>> channel : expectedByChannel.entrySet()) {
      Map<String, Long> byId = new HashMap<>();
      synchronized (channel.getValue()) {
        for (Expected post : channel.getValue()) {
          byId.put(post.postId(), post.createAt());
        }
      }
      acknowledged += byId.size();
      expected.put(channel.getKey(), byId);
    }
    long expectedDeliveries = 0;
    long delivered = 0;
    long missing = 0;
    long duplicated = 0;
    long outOfOrder = 0;
    long unexpected = 0;
    for (Map.Entry<String, Stream> entry : streams.entrySet()) {
      String channelId = channelOf(entry.getKey());
      Stream stream = entry.getValue();
      long fromMillis = stream.fromMillis;
      boolean subscribed = fromMillis != Long.MAX_VALUE;
      Map<String, Long> channelPosts = expected.getOrDefault(channelId, Map.of());
      List<Arrival> arrivals;
      synchronized (stream) {
        arrivals = List.copyOf(stream.arrivals);
      }
      Set<String> seen = new HashSet<>();
      long highest = Long.MIN_VALUE;
      for (Arrival arrival : arrivals) {
        if (subscribed && arrival.createAt() <= fromMillis) {
          continue;
        }
        if (!seen.add(arrival.postId())) {
          duplicated++;
          continue;
        }
        delivered++;
        if (!subscribed || !channelPosts.containsKey(arrival.postId())) {
          unexpected++;
        }
        if (arrival.createAt() < highest) {
          outOfOrder++;
        }
        highest = Math.max(highest, arrival.createAt());
      }
      if (!subscribed) {
        continue;
      }
      for (Map.Entry<String, Long> post : channelPosts.entrySet()) {
        if (post.getValue() > fromMillis) {
          expectedDeliveries++;
          if (!seen.contains(post.getKey())) {
            missing++;
          }
        }
      }
    }
    return new DeliveryReport(acknowledged, expectedDeliveries, delivered, missing, duplicated, outOfOrder, unexpected);
  }

  private static String key(String clientId, String channelId) {
    return clientId + '\u0000' + channelId;
  }

  private static String channelOf(String key) {
    return key.substring(key.indexOf('\u0000') + 1);
  }
}
