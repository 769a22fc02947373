package chorus.loadtest.sim;

import chorus.loadtest.check.DeliveryChecker;
import chorus.loadtest.client.UserSocket;
import chorus.loadtest.metrics.Timeline;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Listens on every client socket of a run: subscribes each client to its channels at its first
 * {@code hello}, feeds every {@code posted} event to the {@link DeliveryChecker}, and records
 * publish→deliver latency (from the {@link PostStamp}) and per-second delivery counts.
 */
public final class DeliveryTap implements UserSocket.Listener {
  private final DeliveryChecker checker;
  private final Map<String, List<String>> channelsByClient;
  private final Timeline timeline;
  private final ObjectMapper json;
  private final Recorder deliveryMicros = new Recorder(60_000_000L, 3);
  private final LongAdder deliveries = new LongAdder();
  private final LongAdder otherEvents = new LongAdder();

  public DeliveryTap(DeliveryChecker checker, Map<String, List<String>> channelsByClient, Timeline timeline, ObjectMapper json) {
    this.checker = checker;
    this.channelsByClient = channelsByClient;
    this.timeline = timeline;
    this.json = json;
  }

  @Override
  public void onHello(UserSocket socket, long wallClockMillis) {
    for (String channelId : channelsByClient.getOrDefault(socket.clientId(), List.of())) {
      checker.subscribe(socket.clientId(), channelId, wallClockMillis);
    }
  }

  @Override
  public void onEvent(UserSocket socket, String event, JsonNode frame) {
    if (!"posted".equals(event)) {
      otherEvents.increment();
      timeline.count("events." + event);
      return;
    }
    long now = System.nanoTime();
    JsonNode post;
    try {
      post = json.readTree(frame.path("data").path("post").asText());
    } catch (Exception e) {
      throw new IllegalStateException("posted event without a post: " + frame, e);
    }
    checker.received(socket.clientId(), post.path("channel_id").asText(), post.path("id").asText(), post.path("create_at").asLong());
    long sent = PostStamp.sentNanos(post.path("message").asText());
    if (sent > 0) {
      deliveryMicros.recordValue(Math.max(0, Math.min((now - sent) / 1000, 60_000_000L)));
    }
    deliveries.increment();
    timeline.count("deliveries");
  }

  /**
   * Publish→deliver latency (microseconds) of every stamped post at every receiving client since
   * the previous call: one call per measurement window.
   */
  public Histogram takeDeliveryMicros() {
    return deliveryMicros.getIntervalHistogram();
  }

  /** {@code posted} events received so far, all clients together. */
  public long deliveries() {
    return deliveries.sum();
  }

  public long otherEvents() {
    return otherEvents.sum();
  }
}
