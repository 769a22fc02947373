package chorus.node.metrics;

import kamon.Kamon;
import kamon.metric.Counter;
import kamon.metric.Gauge;
import kamon.metric.Histogram;
import kamon.metric.MeasurementUnit;
import kamon.tag.TagSet;

/**
 * The measurements one node takes, through Kamon's API. Kamon keeps one registry per JVM (its
 * design, not ours), so every instrument carries the node's id as the tag {@code node}: several
 * nodes in one JVM (the tests) stay apart, and in production (one node per JVM) the tag names
 * the node in Prometheus besides the scrape target. Names follow Mattermost's
 * ({@code mattermost_*}) where one exists, so its dashboards work; the rest are {@code chorus_*}.
 * Recording costs a map lookup and an atomic add, so it runs on the request path; with
 * {@code MetricsSettings.Enable} off nothing is recorded at all.
 */
public final class NodeMetrics {
  private final String nodeId;
  private final boolean enabled;
  private final TagSet node;
  private final Gauge webSockets;
  private final Counter framesQueued;
  private final Counter framesDropped;
  private final Counter posts;

  public NodeMetrics(String nodeId, boolean enabled) {
    this.nodeId = nodeId;
    this.enabled = enabled;
    this.node = TagSet.of("node", nodeId);
    this.webSockets = Kamon.gauge("mattermost.http.websockets", "WebSocket connections open on this node").withTags(node);
    this.framesQueued = Kamon.counter("chorus.websocket.frames.sent", "WebSocket frames queued for a client").withTags(node);
    this.framesDropped = Kamon.counter("chorus.websocket.frames.dropped",
        "WebSocket frames not queued because the client's queue was full (the socket is then closed; the connection may resume)")
        .withTags(node);
    this.posts = Kamon.counter("mattermost.post", "Posts created through this node").withTags(node);
  }

  public String nodeId() {
    return nodeId;
  }

  /** One API request: its route template (ids replaced, see {@link RouteTemplates}), method, status and time. */
  public void httpRequest(String route, String method, int status, long nanos) {
    if (!enabled) {
      return;
    }
    TagSet tags = node.withTag("handler", route).withTag("method", method).withTag("status_code", Integer.toString(status));
    Kamon.counter("mattermost.http.requests", "API requests").withTags(tags).increment();
    if (status >= 400) {
      Kamon.counter("mattermost.http.errors", "API requests answered with an error status").withTags(tags).increment();
    }
    Histogram time = Kamon.histogram("mattermost.api.time", "API request time", MeasurementUnit.time().nanoseconds())
        .withTags(node.withTag("handler", route).withTag("method", method));
    time.record(Math.max(0, nanos));
  }

  public void webSocketOpened() {
    if (!enabled) {
      return;
    }
    webSockets.increment();
  }

  public void webSocketClosed() {
    if (!enabled) {
      return;
    }
    webSockets.decrement();
  }

  public void frameQueued() {
    if (!enabled) {
      return;
    }
    framesQueued.increment();
  }

  public void frameDropped() {
    if (!enabled) {
      return;
    }
    framesDropped.increment();
  }

  /**
   * A client that came back: {@code resume} (same connection, missed events replayed),
   * {@code fallback} (asked to resume but started over: it refetches), {@code new} (no resume asked).
   */
  public void reconnect(String outcome) {
    if (!enabled) {
      return;
    }
    Kamon.counter("mattermost.websocket.reconnects", "WebSocket connections opened, by how they began")
        .withTags(node.withTag("type", outcome)).increment();
  }

  public void postCreated() {
    if (!enabled) {
      return;
    }
    posts.increment();
  }

  /** A value read now and then ({@link MetricsPoller}), with labels beyond the node's. */
  public void gauge(String name, String description, TagSet tags, double value) {
    if (!enabled) {
      return;
    }
    Kamon.gauge(name, description).withTags(node.withTags(tags)).update(value);
  }
}
